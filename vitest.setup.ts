// Exposes Nango's test mocks the way `nango generate:tests` does, with a typing of our own.
import { NangoActionMock, NangoSyncMock } from 'nango/test';

declare global {
    var vitest: {
        NangoActionMock: typeof NangoActionMock;
        NangoSyncMock: typeof NangoSyncMock;
    };
}

globalThis.vitest = { NangoActionMock, NangoSyncMock };
