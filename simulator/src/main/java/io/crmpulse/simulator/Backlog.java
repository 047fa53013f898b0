package io.crmpulse.simulator;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.ForecastCategory;
import io.crmpulse.events.LeadStatus;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.events.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRM as it stands when the simulation starts, sent first with its original (older) event
 * times: the reps, leads in mid-sequence, open deals created weeks ago — some untouched for over 14
 * days (neglected), some over 30 days in their stage (stalled), a few of those snoozed — and
 * recently won and lost deals. Without it a short run would show no neglect or stall at all.
 */
final class Backlog {
  static final Duration REP_HISTORY = Duration.ofDays(200);
  static final double STALLED_SHARE = 0.3;
  static final double NEGLECTED_SHARE = 0.3;
  /**
   * Shares of open deals that go quiet, or are picked up again, minutes after the start: at any
   * moment some deals are about to cross the line and some reps are about to call a forgotten one,
   * so a short demo shows alerts both raised and resolved.
   */
  static final double CROSSING_SOON_SHARE = 0.25;
  static final double PICKED_UP_SOON_SHARE = 0.3;

  private final World world;
  private final Logbook logbook;
  private final LeadWork leads;
  private final Snoozes snoozes;

  Backlog(World world, Logbook logbook, LeadWork leads, Snoozes snoozes) {
    this.world = world;
    this.logbook = logbook;
    this.leads = leads;
    this.snoozes = snoozes;
  }

  /**
   * Emits the backlog as the CRM holds it at {@code start}, every event before it.
   *
   * @param live where the backlog's plans for its quiet deals are aimed (deals about to go quiet
   *     or be picked up again, and until when the forgotten ones stay forgotten): the start of the
   *     options' tempo, after any history ({@code start} without one), so that a live feed's first
   *     screen has the quiet deals a backlog without history has
   */
  void build(Instant start, Instant live) {
    Instant hired = start.minus(REP_HISTORY);
    double rate = world.options.tempoAt(hired).rate();
    for (int i = 0; i < world.desks.size(); i++) {
      world.emit(world.events.rep(hired.plusSeconds(i), world.desks.get(i).rep.toRecord(rate)));
    }
    for (RepDesk desk : world.desks) {
      int count = world.dice.between(3, 8);
      for (int i = 0; i < count; i++) {
        openLead(desk, start);
      }
    }
    int deals = world.options.backlogDeals();
    List<DealState> open = new ArrayList<>(deals);
    for (int i = 0; i < deals; i++) {
      open.add(openDeal(world.desks.get(i % world.desks.size()), start, live));
    }
    snoozes.backlog(open, start);
    for (int i = 0; i < (deals + 3) / 4; i++) {
      closedDeal(world.dice.pick(world.desks), start);
    }
  }

  private void openLead(RepDesk desk, Instant start) {
    Dice dice = world.dice;
    Instant created = start.minus(World.seconds(dice.between(2 * 3600, 9 * 86_400)));
    String source =
        dice.chance(0.4)
            ? Catalog.OUTBOUND_SOURCE
            : Catalog.INBOUND_SOURCES.get(dice.weighted(Catalog.INBOUND_SOURCE_WEIGHTS));
    LeadState lead = leads.create(desk, created, source);
    int touches = dice.between(0, 3);
    for (int j = 1; j <= touches; j++) {
      Instant at = between(created, start, (double) j / (touches + 1));
      Instant snapped =
          WorkingHours.randomWorkTime(desk.rep, WorkingHours.localDate(desk.rep, at), dice);
      if (snapped.isAfter(created) && snapped.isBefore(start.minus(Duration.ofMinutes(10)))) {
        at = snapped;
      }
      boolean call = j == 1 || dice.chance(0.7);
      Activity.Builder touch =
          logbook
              .activity(desk.rep, call ? ActivityType.CALL : ActivityType.EMAIL, Direction.OUTBOUND)
              .setOccurredAt(at)
              .setLeadId(lead.id)
              .setAccountId(lead.accountId);
      if (call) {
        Outcome missed = Outcome.NO_ANSWER;
        if (dice.chance(0.45)) {
          missed = Outcome.VOICEMAIL;
        }
        touch.setOutcome(missed).setDurationS((int) LeadWork.callLength(dice, missed).toSeconds());
      } else {
        touch.setOutcome(Outcome.SENT);
      }
      Instant logged =
          before(start, at, at.plus(dice.between(Duration.ofSeconds(10), Duration.ofMinutes(40))));
      world.emit(world.events.activity(logged, ChangeType.CREATED, touch.build()));
      if (j == 1) {
        lead.status = LeadStatus.ATTEMPTED;
        world.emit(
            world.events.lead(
                before(start, logged, logged.plusSeconds(60)),
                ChangeType.UPDATED,
                lead.toRecord()));
      }
    }
    lead.touches = touches;
    lead.maxTouches = Math.max(lead.maxTouches, touches + 1);
    lead.nextTouchAt = start.plus(World.seconds(dice.between(0, touches == 0 ? 7200 : 36 * 3600)));
  }

  private DealState openDeal(RepDesk desk, Instant start, Instant live) {
    Dice dice = world.dice;
    boolean stalled = dice.chance(STALLED_SHARE);
    boolean neglected = dice.chance(NEGLECTED_SHARE);
    boolean crossingSoon = !stalled && !neglected && dice.chance(CROSSING_SOON_SHARE);
    int stage = dice.weighted(30, 30, 25, 15);
    // Margins of two days keep "over 14 / over 30 days" true after snapping to working hours.
    double daysInStage =
        stalled
            ? dice.between(32.0, 75.0)
            : neglected || crossingSoon ? dice.between(17.0, 29.0) : dice.between(1.0, 25.0);
    Instant entered = atWork(desk.rep, start.minus(World.days(daysInStage)), start);
    Instant created = entered;
    for (int k = 0; k < stage; k++) {
      created = created.minus(World.days(dice.between(8.0, 20.0)));
    }
    created = atWork(desk.rep, created, entered);
    DealState deal = history(desk, created, entered, stage);

    Instant lastTouch =
        neglected
            ? between(
                entered.plus(Duration.ofHours(12)),
                start.minus(Duration.ofDays(15)),
                dice.between(0.0, 1.0))
            : between(
                later(entered, start.minus(Duration.ofDays(10))),
                start.minus(Duration.ofHours(1)),
                dice.between(0.0, 1.0));
    Instant limit =
        neglected
            ? start.minus(Duration.ofDays(14).plusHours(2))
            : start.minus(Duration.ofMinutes(20));
    Instant snapped = atWork(desk.rep, lastTouch, limit);
    lastTouch = snapped.isAfter(created) ? snapped : lastTouch;
    // Two weeks ago to the minute is the same weekday and time of day: no snapping needed.
    Instant crossesAt = live.plus(World.seconds(dice.between(60, 300)));
    Instant plannedTouch = null;
    if (crossingSoon) {
      Instant quietFrom = crossesAt.minus(Duration.ofDays(14));
      if (quietFrom.isBefore(start.minus(Duration.ofMinutes(20)))) {
        lastTouch = quietFrom;
      } else {
        // With two weeks of history or more, that last touch lies inside the history: the owner
        // forgets the deal from the start on, touches it once more then, and forgets it again
        // until minutes after it crosses.
        plannedTouch = quietFrom;
      }
    }
    touches(desk, deal, created, lastTouch, start);
    if (plannedTouch != null) {
      Instant at = plannedTouch;
      world.agenda.at(at, () -> lastTouch(desk, deal, at));
    }

    deal.lastTouch = lastTouch;
    deal.lastActivity = lastTouch;
    deal.readyAt =
        stalled
            ? start.plus(World.days(dice.between(1.0, 25.0)))
            : later(
                entered.plus(DealWork.stageDwell(dice)),
                start.plus(World.seconds(dice.between(3600, 3 * 86_400))));
    if (crossingSoon) {
      deal.neglectedUntil = crossesAt.plus(World.seconds(dice.between(120, 900)));
    } else if (neglected) {
      deal.neglectedUntil = dice.chance(PICKED_UP_SOON_SHARE)
          ? live.plus(World.seconds(dice.between(60, 900)))
          : live.plus(World.days(dice.between(2.0, 20.0)));
    }
    desk.deals.add(deal);
    return deal;
  }

  private void closedDeal(RepDesk desk, Instant start) {
    Dice dice = world.dice;
    boolean won = dice.chance(0.55);
    Instant closed =
        atWork(
            desk.rep,
            start.minus(World.days(dice.between(1.0, 20.0))),
            start.minus(Duration.ofHours(1)));
    Instant created = atWork(desk.rep, closed.minus(World.days(dice.between(20.0, 70.0))), closed);
    int stage = won ? Catalog.STAGES.size() - 1 : dice.between(0, Catalog.STAGES.size() - 1);
    Instant entered = between(created, closed, (double) stage / (stage + 1));
    DealState deal = history(desk, created, entered, stage);
    touches(desk, deal, created, between(entered, closed, 0.5), start);
    deal.status = won ? OpportunityStatus.WON : OpportunityStatus.LOST;
    deal.lostReason = won ? null : dice.pick(Catalog.LOST_REASONS);
    deal.forecast = won ? ForecastCategory.CLOSED : ForecastCategory.OMITTED;
    deal.expectedClose = WorkingHours.localDate(desk.rep, closed);
    world.emit(world.events.opportunity(closed, ChangeType.UPDATED, deal.toRecord()));
  }

  /** A deal created at {@code created} that reached {@code stage} at {@code entered}. */
  private DealState history(RepDesk desk, Instant created, Instant entered, int stage) {
    DealState deal =
        new DealState(
            world.events.nextOpportunityId(),
            desk.rep,
            world.events.nextAccountId(),
            null,
            created,
            DealWork.amount(desk.rep, world.dice));
    deal.expectedClose = DealWork.expectedClose(deal, created);
    CrmEvent creation = world.events.opportunity(created, ChangeType.CREATED, deal.toRecord());
    deal.stageEntered = creation.getEventTime();
    world.emit(creation);
    for (int k = 1; k <= stage; k++) {
      Instant at = k == stage ? entered : between(created, entered, (double) k / stage);
      deal.stage = k;
      deal.forecast = Catalog.FORECAST_AT_STAGE[k];
      deal.expectedClose = DealWork.expectedClose(deal, at);
      deal.stageEntered = emitVersion(at, deal);
    }
    return deal;
  }

  /** Emits the deal's new version at {@code at} and returns its event time. */
  private Instant emitVersion(Instant at, DealState deal) {
    CrmEvent event = world.events.opportunity(at, ChangeType.UPDATED, deal.toRecord());
    world.emit(event);
    return event.getEventTime();
  }

  /** A few past touches on the deal, the last exactly at {@code last}. */
  private void touches(RepDesk desk, DealState deal, Instant first, Instant last, Instant start) {
    Dice dice = world.dice;
    int earlier = dice.between(1, 3);
    for (int j = 0; j <= earlier; j++) {
      Instant at = j == earlier ? last : between(first, last, dice.between(0.0, 1.0));
      Activity activity = touch(desk, deal, at);
      Instant logged =
          before(start, at, at.plus(dice.between(Duration.ofSeconds(10), Duration.ofHours(2))));
      world.emit(world.events.activity(logged, ChangeType.CREATED, activity));
    }
  }

  /** The deal's last touch before it goes quiet, made at {@code at} in the simulation's time. */
  private void lastTouch(RepDesk desk, DealState deal, Instant at) {
    Activity activity = touch(desk, deal, at);
    Instant logged = at.plus(world.dice.between(Duration.ofSeconds(10), Duration.ofHours(2)));
    world.emit(world.events.activity(logged, ChangeType.CREATED, activity));
    deal.lastTouch = at;
    deal.lastActivity = at;
  }

  /** A completed call, email or meeting on the deal at {@code at}. */
  private Activity touch(RepDesk desk, DealState deal, Instant at) {
    Dice dice = world.dice;
    Activity.Builder touch;
    switch (dice.weighted(50, 30, 20)) {
      case 0 -> {
        Outcome outcome = dice.chance(0.45) ? Outcome.CONNECTED : LeadWork.missedOutcome(dice);
        touch =
            logbook
                .activity(desk.rep, ActivityType.CALL, Direction.OUTBOUND)
                .setOutcome(outcome)
                .setDurationS((int) LeadWork.callLength(dice, outcome).toSeconds());
      }
      case 1 ->
          touch =
              logbook
                  .activity(desk.rep, ActivityType.EMAIL, Direction.OUTBOUND)
                  .setOutcome(Outcome.SENT);
      default ->
          touch =
              logbook
                  .activity(desk.rep, ActivityType.MEETING, Direction.OUTBOUND)
                  .setOutcome(Outcome.HELD)
                  .setDurationS(60 * dice.between(30, 60));
    }
    return touch
        .setOccurredAt(at)
        .setOpportunityId(deal.id)
        .setLeadId(deal.leadId)
        .setAccountId(deal.accountId)
        .build();
  }

  /** The same local day at a random working time, if that lies before {@code limit}. */
  private Instant atWork(RepProfile rep, Instant at, Instant limit) {
    Instant snapped = WorkingHours.randomWorkTime(rep, WorkingHours.localDate(rep, at), world.dice);
    return snapped.isBefore(limit) ? snapped : at;
  }

  private static Instant between(Instant from, Instant to, double fraction) {
    if (!to.isAfter(from)) {
      return from;
    }
    long seconds = Duration.between(from, to).toSeconds();
    return from.plusSeconds((long) (seconds * fraction));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** {@code wanted}, kept before the start and not before {@code floor}. */
  private static Instant before(Instant start, Instant floor, Instant wanted) {
    Instant latest = start.minusSeconds(1);
    Instant bounded = wanted.isAfter(latest) ? latest : wanted;
    return bounded.isBefore(floor) ? floor : bounded;
  }
}
