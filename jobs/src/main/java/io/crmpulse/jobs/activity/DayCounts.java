package io.crmpulse.jobs.activity;

/** A rep's activity counts for one local day. */
final class DayCounts {
  int outboundCalls;
  int connectedOutboundCalls;
  int conversations;
  long newestEventTime = Long.MIN_VALUE;

  void add(int kinds, long eventTime) {
    if (ActivityKinds.has(kinds, ActivityKinds.OUTBOUND_CALL)) {
      outboundCalls++;
    }
    if (ActivityKinds.has(kinds, ActivityKinds.OUTBOUND_CALL_CONNECTED)) {
      connectedOutboundCalls++;
    }
    if (ActivityKinds.has(kinds, ActivityKinds.CONVERSATION)) {
      conversations++;
    }
    newestEventTime = Math.max(newestEventTime, eventTime);
  }
}
