package io.crmpulse.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One rep's book of business: open leads and deals, and when they last signed in. */
final class RepDesk {
  final RepProfile rep;
  final List<LeadState> leads = new ArrayList<>();
  final List<DealState> deals = new ArrayList<>();
  Instant lastLogin;

  RepDesk(RepProfile rep) {
    this.rep = rep;
  }

  /** The open lead whose follow-up is most overdue, or null when none is due. */
  LeadState dueLead(Instant now) {
    LeadState due = null;
    for (LeadState lead : leads) {
      if (lead.nextTouchAt != null
          && !lead.nextTouchAt.isAfter(now)
          && (due == null || lead.nextTouchAt.isBefore(due.nextTouchAt))) {
        due = lead;
      }
    }
    return due;
  }

  /** Open deals the rep remembers. */
  List<DealState> workedDeals(Instant now) {
    List<DealState> worked = new ArrayList<>();
    for (DealState deal : deals) {
      if (!deal.neglected(now)) {
        worked.add(deal);
      }
    }
    return worked;
  }
}
