package io.crmpulse.simulator;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.ForecastCategory;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.events.Outcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * Working deals: a deal moves a stage when the buyer is ready and a meeting takes place (about two
 * weeks a stage), or is lost on the way; some are forgotten for weeks (neglected) and some buyers
 * go quiet for over a month in one stage (stalled), and a few of those get snoozed ({@link
 * Snoozes}).
 */
final class DealWork {
  static final double NEGLECT_CHANCE = 0.1;
  static final double STALL_CHANCE = 0.12;

  /** Typical days a deal spends in one stage, as the seed articles report (~14). */
  static final double MEDIAN_STAGE_DAYS = 11;

  private final World world;
  private final Logbook logbook;

  DealWork(World world, Logbook logbook) {
    this.world = world;
    this.logbook = logbook;
  }

  /** A qualified lead becomes a deal. */
  void open(RepDesk desk, LeadState lead, Instant at) {
    Dice dice = world.dice;
    DealState deal =
        new DealState(
            world.events.nextOpportunityId(),
            desk.rep,
            lead.accountId,
            lead.id,
            at,
            amount(desk.rep, dice));
    deal.readyAt = at.plus(stageDwell(dice));
    deal.expectedClose = expectedClose(deal, at);
    if (dice.chance(NEGLECT_CHANCE)) {
      deal.neglectedUntil = at.plus(World.days(dice.between(16.0, 40.0)));
    }
    desk.deals.add(deal);
    CrmEvent creation = world.events.opportunity(at, ChangeType.CREATED, deal.toRecord());
    deal.stageEntered = creation.getEventTime();
    world.emit(creation);
  }

  /** How much of the rep's time deal work takes: more deals, more of the day. */
  double share(RepDesk desk, Instant now) {
    return Math.min(0.35, 0.04 * desk.workedDeals(now).size());
  }

  /** The rep's next deal touch, on one of the deals touched longest ago. */
  void work(RepDesk desk, Instant at) {
    List<DealState> worked = desk.workedDeals(at);
    if (worked.isEmpty()) {
      return;
    }
    worked.sort(Comparator.comparing((DealState d) -> d.lastTouch).thenComparing(d -> d.id));
    DealState deal = worked.get(world.dice.between(0, Math.min(2, worked.size() - 1)));
    if (deal.neglectedUntil != null) {
      deal.neglectedUntil = null;
      if (world.dice.chance(0.4)) {
        // Rediscovered after weeks of silence, the buyer has moved on.
        close(desk, deal, OpportunityStatus.LOST, "went_dark", at);
        return;
      }
    }
    touch(desk, deal, at);
  }

  private void touch(RepDesk desk, DealState deal, Instant at) {
    Dice dice = world.dice;
    boolean ready = !at.isBefore(deal.readyAt) && !deal.meetingBooked;
    deal.lastTouch = at;
    deal.lastActivity = at;
    switch (dice.weighted(55, 30, 15)) {
      case 0 -> {
        Outcome outcome = dice.chance(0.45) ? Outcome.CONNECTED : LeadWork.missedOutcome(dice);
        Duration length = LeadWork.callLength(dice, outcome);
        Instant logged = logbook.callLoggedAt(desk.rep, at.plus(length));
        logbook.log(
            dealActivity(desk, deal, ActivityType.CALL)
                .setOutcome(outcome)
                .setOccurredAt(at)
                .setDurationS((int) length.toSeconds())
                .build(),
            logged);
        if (ready && outcome == Outcome.CONNECTED) {
          book(desk, deal, logged.plus(World.seconds(dice.between(30, 600))));
        }
      }
      case 1 -> {
        logbook.log(
            dealActivity(desk, deal, ActivityType.EMAIL)
                .setOutcome(Outcome.SENT)
                .setOccurredAt(at)
                .build(),
            logbook.emailLoggedAt(at));
        if (ready && dice.chance(0.3)) {
          book(desk, deal, at.plus(World.seconds(dice.between(3600, 6 * 3600))));
        }
      }
      default ->
          logbook.log(
              dealActivity(desk, deal, ActivityType.TASK)
                  .setOutcome(Outcome.COMPLETED)
                  .setOccurredAt(at)
                  .setDurationS(dice.between(120, 1200))
                  .build(),
              at.plus(World.seconds(dice.between(1, 30))));
    }
  }

  /** Books a meeting (or an on-site visit) on one of the next few working days. */
  private void book(RepDesk desk, DealState deal, Instant at) {
    Dice dice = world.dice;
    LocalDate day = WorkingHours.localDate(desk.rep, at).plusDays(dice.between(1, 5));
    Instant when = WorkingHours.randomWorkTime(desk.rep, day, dice);
    ActivityType type =
        desk.rep.fieldSales() && dice.chance(0.5) ? ActivityType.VISIT : ActivityType.MEETING;
    Activity planned =
        dealActivity(desk, deal, type)
            .setStatus(ActivityStatus.PLANNED)
            .setOutcome(Outcome.OTHER)
            .setOccurredAt(when)
            .build();
    logbook.log(planned, at);
    deal.meetingBooked = true;
    Duration length = World.seconds(60 * dice.between(30, 90));
    Instant logged = logbook.callLoggedAt(desk.rep, when.plus(length));
    world.agenda.at(logged, () -> meet(desk, deal, planned, length));
  }

  /** The meeting happens (or not), and a good one moves the deal on. */
  private void meet(RepDesk desk, DealState deal, Activity planned, Duration length) {
    Dice dice = world.dice;
    Instant now = world.agenda.now();
    deal.meetingBooked = false;
    Activity done = Copies.activity(planned);
    int roll = dice.weighted(82, 13, 5);
    if (roll == 2) {
      done.setStatus(ActivityStatus.CANCELLED);
    } else {
      done.setStatus(ActivityStatus.COMPLETED);
      done.setOutcome(roll == 0 ? Outcome.HELD : Outcome.NO_SHOW);
      done.setDurationS(roll == 0 ? (int) length.toSeconds() : null);
    }
    logbook.update(done, now);
    if (roll != 2 && done.getOccurredAt().isAfter(deal.lastActivity)) {
      deal.lastActivity = done.getOccurredAt();
    }
    if (roll != 0 || deal.status != OpportunityStatus.OPEN) {
      return;
    }
    deal.lastTouch = planned.getOccurredAt();
    advance(desk, deal, now.plus(World.seconds(dice.between(120, 1800))));
  }

  private void advance(RepDesk desk, DealState deal, Instant at) {
    Dice dice = world.dice;
    if (dice.chance(Catalog.LOSS_AT_STAGE[deal.stage])) {
      close(desk, deal, OpportunityStatus.LOST, dice.pick(Catalog.LOST_REASONS), at);
      return;
    }
    if (deal.stage == Catalog.STAGES.size() - 1) {
      // Closing terms: a discount, or an add-on at the last minute.
      deal.amount = money(deal.amount.doubleValue() * dice.between(0.85, 1.05));
      close(desk, deal, OpportunityStatus.WON, null, at);
      return;
    }
    deal.stage++;
    deal.forecast = Catalog.FORECAST_AT_STAGE[deal.stage];
    if (Catalog.STAGES.get(deal.stage).equals("proposal")) {
      deal.amount = money(deal.amount.doubleValue() * dice.between(0.8, 1.25));
    }
    deal.readyAt = at.plus(stageDwell(dice));
    deal.expectedClose = expectedClose(deal, at);
    CrmEvent version = world.events.opportunity(at, ChangeType.UPDATED, deal.toRecord());
    deal.stageEntered = version.getEventTime();
    world.emit(version);
  }

  void close(RepDesk desk, DealState deal, OpportunityStatus status, String reason, Instant at) {
    deal.status = status;
    deal.lostReason = reason;
    deal.forecast =
        status == OpportunityStatus.WON ? ForecastCategory.CLOSED : ForecastCategory.OMITTED;
    deal.expectedClose = WorkingHours.localDate(deal.owner, at);
    desk.deals.remove(deal);
    world.emit(world.events.opportunity(at, ChangeType.UPDATED, deal.toRecord()));
  }

  private Activity.Builder dealActivity(RepDesk desk, DealState deal, ActivityType type) {
    return logbook
        .activity(desk.rep, type, Direction.OUTBOUND)
        .setOpportunityId(deal.id)
        .setLeadId(deal.leadId)
        .setAccountId(deal.accountId);
  }

  /** Time until the buyer is ready for the next stage; a stalled one takes over a month. */
  static Duration stageDwell(Dice dice) {
    if (dice.chance(STALL_CHANCE)) {
      return World.days(dice.between(35.0, 75.0));
    }
    return World.days(Math.max(2, Math.min(28, dice.logNormal(MEDIAN_STAGE_DAYS, 0.45))));
  }

  /** Today's expectation: two weeks for every stage still ahead. */
  static LocalDate expectedClose(DealState deal, Instant at) {
    int stagesLeft = Catalog.STAGES.size() - deal.stage;
    return WorkingHours.localDate(deal.owner, at).plusDays(14L * stagesLeft);
  }

  /** A quote: a product from the catalogue times a quantity, in the desk's currency. */
  static BigDecimal amount(RepProfile rep, Dice dice) {
    double[] weights = Catalog.PRODUCTS.stream().mapToDouble(Catalog.Product::deals).toArray();
    Catalog.Product product = Catalog.PRODUCTS.get(dice.weighted(weights));
    double quantity = Math.max(1, Math.min(200, Math.round(dice.logNormal(4, 0.9))));
    double usd = product.listPriceUsd() * quantity;
    return money("EUR".equals(rep.currency()) ? usd * Catalog.EUR_PER_USD : usd);
  }

  /** Whole currency units, at the schema's scale of four decimals. */
  static BigDecimal money(double value) {
    return BigDecimal.valueOf(Math.round(value)).setScale(4, RoundingMode.UNNECESSARY);
  }
}
