trigger NangoNotify_NangoObject on NangoObject (after insert, after update, after delete, after undelete) {
    NangoChangeNotifier.handle(Trigger.operationType, Trigger.new, Trigger.old, Trigger.oldMap);
}
