package io.crmpulse.simulator;

import io.crmpulse.events.AlertKind;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.events.Snooze;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * People silencing the alert of a quiet deal. Every working day each rep looks over the alerts on
 * their deals (and the team's manager over the team's); of the deals that went neglected (no
 * completed activity for over 14 days) or stalled (over 30 days in the stage) since, about one in
 * five gets snoozed by the owner or the manager until a date days to a couple of weeks ahead, with
 * a reason ("customer on holiday until the 20th"). Some snoozes are ended early ({@code deleted})
 * and some extended shortly before they run out ({@code updated}). The backlog holds the snoozes
 * made in the days before the start.
 *
 * <p>A snooze is only ever made while the deal's alert fires by the contract's definitions: the
 * simulation's view of the deal ({@link DealState#lastActivity}, {@link DealState#stageEntered}) is
 * never older than what the events show, and an hour's margin past each threshold covers the
 * second a version may be bumped by.
 */
final class Snoozes {
  /** Share of neglect or stall episodes that someone snoozes. */
  static final double SNOOZE_CHANCE = 0.2;

  /**
   * The backlog always holds a few snoozes (when it has that many quiet deals), so even a short
   * file or the first seconds of a live feed show the entity.
   */
  static final int MIN_BACKLOG_SNOOZES = 3;

  /** Share of snoozes the team's manager makes; the owners make the rest. */
  static final double BY_MANAGER = 0.4;

  static final double DELETE_CHANCE = 0.12;
  static final double EXTEND_CHANCE = 0.15;

  /** The job's default thresholds (CONTRACT.md section 3). */
  static final Duration NEGLECT_AFTER = Duration.ofDays(14);

  static final Duration STALL_AFTER = Duration.ofDays(30);

  private static final Duration MARGIN = Duration.ofHours(1);

  /** How far before the start the backlog's snoozes were made. */
  static final Duration BACKLOG_WINDOW = Duration.ofDays(5);

  private final World world;

  Snoozes(World world) {
    this.world = world;
  }

  /** Starts the rep's daily look at their deals' alerts, at a working time from now on. */
  void begin(RepDesk desk) {
    Instant now = world.agenda.now();
    LocalDate today = WorkingHours.localDate(desk.rep, now);
    Instant first = WorkingHours.randomWorkTime(desk.rep, today, world.dice);
    if (!first.isAfter(now)) {
      first = WorkingHours.randomWorkTime(desk.rep, today.plusDays(1), world.dice);
    }
    world.agenda.at(first, () -> review(desk));
  }

  private void review(RepDesk desk) {
    Instant now = world.agenda.now();
    for (DealState deal : List.copyOf(desk.deals)) {
      consider(deal, now);
    }
    LocalDate tomorrow = WorkingHours.localDate(desk.rep, now).plusDays(1);
    world.agenda.at(
        WorkingHours.randomWorkTime(desk.rep, tomorrow, world.dice), () -> review(desk));
  }

  /** A deal whose alert began firing since the last look gets its one chance of a snooze. */
  private void consider(DealState deal, Instant now) {
    boolean neglected = neglectedAt(deal, now);
    boolean stalled = stalledAt(deal, now);
    boolean fresh = false;
    if (neglected && !deal.lastActivity.equals(deal.neglectReviewed)) {
      deal.neglectReviewed = deal.lastActivity;
      fresh = true;
    }
    if (stalled && !deal.stageEntered.equals(deal.stallReviewed)) {
      deal.stallReviewed = deal.stageEntered;
      fresh = true;
    }
    if (!fresh
        || deal.status != OpportunityStatus.OPEN
        || (deal.snoozedUntil != null && now.isBefore(deal.snoozedUntil))
        || !world.dice.chance(SNOOZE_CHANCE)) {
      return;
    }
    LocalDate day = WorkingHours.localDate(deal.owner, now).plusDays(world.dice.between(2, 14));
    create(deal, now, kind(neglected, stalled), midnight(deal, day));
  }

  /**
   * The backlog's snoozes, made in the last days before the start on deals already neglected or
   * stalled then: about {@link #SNOOZE_CHANCE} of them, and at least {@link #MIN_BACKLOG_SNOOZES}.
   * Their episodes count as looked at.
   */
  void backlog(List<DealState> deals, Instant start) {
    Dice dice = world.dice;
    Instant latest = start.minus(Duration.ofMinutes(10));
    List<DealState> quiet = new ArrayList<>();
    for (DealState deal : deals) {
      Instant from = quietFrom(deal);
      if (from.plus(MARGIN).isBefore(latest)) {
        quiet.add(deal);
        deal.neglectReviewed = neglectedAt(deal, start) ? deal.lastActivity : null;
        deal.stallReviewed = stalledAt(deal, start) ? deal.stageEntered : null;
      }
    }
    List<DealState> chosen = new ArrayList<>();
    List<DealState> passed = new ArrayList<>();
    for (DealState deal : quiet) {
      (dice.chance(SNOOZE_CHANCE) ? chosen : passed).add(deal);
    }
    while (chosen.size() < MIN_BACKLOG_SNOOZES && !passed.isEmpty()) {
      chosen.add(passed.remove(dice.between(0, passed.size() - 1)));
    }
    // Times first, in backlog order; then made in time order, so ids grow with time as in a CRM.
    record Planned(DealState deal, Instant at) {}
    List<Planned> planned = new ArrayList<>();
    for (DealState deal : quiet) {
      if (chosen.contains(deal)) {
        Instant earliest = later(quietFrom(deal).plus(MARGIN), start.minus(BACKLOG_WINDOW));
        planned.add(new Planned(deal, workTimeBetween(deal.owner, earliest, latest)));
      }
    }
    planned.sort(Comparator.comparing(Planned::at).thenComparing(p -> p.deal().id));
    for (Planned snooze : planned) {
      DealState deal = snooze.deal();
      Instant at = snooze.at();
      LocalDate day = WorkingHours.localDate(deal.owner, start).plusDays(dice.between(2, 12));
      create(deal, at, kind(neglectedAt(deal, at), stalledAt(deal, at)), midnight(deal, day));
    }
  }

  private void create(DealState deal, Instant at, AlertKind kind, Instant until) {
    Dice dice = world.dice;
    String by =
        dice.chance(BY_MANAGER) ? Catalog.TEAM_MANAGERS.get(deal.owner.team()) : deal.owner.id();
    String reason = dice.pick(Catalog.SNOOZE_REASONS);
    Snooze snooze =
        Snooze.newBuilder()
            .setId(world.events.nextSnoozeId())
            .setOpportunityId(deal.id)
            .setKind(kind)
            .setUntil(until)
            .setReason(reason(deal, reason, until))
            .setBy(by)
            .build();
    world.emit(world.events.snooze(at, ChangeType.CREATED, snooze));
    deal.snoozeId = snooze.getId();
    deal.snoozedUntil = until;

    double roll = dice.between(0.0, 1.0);
    if (roll < DELETE_CHANCE) {
      Instant when = workTimeBetween(deal.owner, at.plus(Duration.ofHours(2)), until.minus(MARGIN));
      followUp(when, () -> end(deal, snooze.getId(), when));
    } else if (roll < DELETE_CHANCE + EXTEND_CHANCE) {
      Instant when =
          workTimeBetween(
              deal.owner,
              later(at.plus(Duration.ofHours(2)), until.minus(Duration.ofDays(2))),
              until.minus(MARGIN));
      followUp(when, () -> extend(deal, snooze, reason, when));
    }
  }

  /** Ended early: the buyer is back, or the snooze was a mistake. */
  private void end(DealState deal, String id, Instant at) {
    if (id.equals(deal.snoozeId)) {
      deal.snoozeId = null;
      deal.snoozedUntil = null;
    }
    world.emit(world.events.snoozeDeleted(at, id, deal.id));
  }

  /** Still waiting, shortly before the snooze runs out: a few more days to a week and a half. */
  private void extend(DealState deal, Snooze snooze, String reason, Instant at) {
    if (!snooze.getId().equals(deal.snoozeId)
        || deal.status != OpportunityStatus.OPEN
        || !(neglectedAt(deal, at) || stalledAt(deal, at))) {
      return; // closed or picked up again meanwhile: the snooze just runs out
    }
    Dice dice = world.dice;
    LocalDate day = WorkingHours.localDate(deal.owner, snooze.getUntil());
    Instant until = midnight(deal, day.plusDays(dice.between(3, 10)));
    String why = dice.chance(0.6) ? reason : dice.pick(Catalog.SNOOZE_REASONS);
    Snooze extended =
        Snooze.newBuilder()
            .setId(snooze.getId())
            .setOpportunityId(snooze.getOpportunityId())
            .setKind(snooze.getKind())
            .setUntil(until)
            .setReason(reason(deal, why, until))
            .setBy(snooze.getBy())
            .build();
    world.emit(world.events.snooze(at, ChangeType.UPDATED, extended));
    deal.snoozedUntil = until;
  }

  /** Runs a follow-up at {@code at}: at once when that lies before the start (the backlog's). */
  private void followUp(Instant at, Runnable action) {
    if (at.isBefore(world.agenda.now())) {
      action.run();
    } else {
      world.agenda.at(at, action);
    }
  }

  /** When the deal's alert began firing, the earlier of neglect and stall. */
  private static Instant quietFrom(DealState deal) {
    Instant neglected = deal.lastActivity.plus(NEGLECT_AFTER);
    Instant stalled = deal.stageEntered.plus(STALL_AFTER);
    return neglected.isBefore(stalled) ? neglected : stalled;
  }

  private static boolean neglectedAt(DealState deal, Instant at) {
    return !deal.lastActivity.plus(NEGLECT_AFTER).plus(MARGIN).isAfter(at);
  }

  private static boolean stalledAt(DealState deal, Instant at) {
    return !deal.stageEntered.plus(STALL_AFTER).plus(MARGIN).isAfter(at);
  }

  /** What to silence: the alert that fires, or (more often when both fire) both. */
  private AlertKind kind(boolean neglected, boolean stalled) {
    if (neglected && stalled) {
      return world.dice.chance(0.6)
          ? null
          : world.dice.chance(0.5) ? AlertKind.NEGLECTED : AlertKind.STALLED;
    }
    if (world.dice.chance(0.15)) {
      return null;
    }
    return neglected ? AlertKind.NEGLECTED : AlertKind.STALLED;
  }

  /** A snooze runs until a date: the start of that day in the owner's time zone. */
  private static Instant midnight(DealState deal, LocalDate day) {
    return day.atStartOfDay(deal.owner.zone()).toInstant();
  }

  private static String reason(DealState deal, String template, Instant until) {
    if (!template.contains("%s")) {
      return template;
    }
    int day = WorkingHours.localDate(deal.owner, until).getDayOfMonth();
    return String.format(template, ordinal(day));
  }

  static String ordinal(int day) {
    if (day % 100 >= 11 && day % 100 <= 13) {
      return day + "th";
    }
    return switch (day % 10) {
      case 1 -> day + "st";
      case 2 -> day + "nd";
      case 3 -> day + "rd";
      default -> day + "th";
    };
  }

  /**
   * A working time of the rep's strictly between the two, on a day picked at random; after a few
   * misses (a short window, a weekend) any instant there.
   */
  private Instant workTimeBetween(RepProfile rep, Instant from, Instant to) {
    if (!to.isAfter(from.plusSeconds(1))) {
      return from;
    }
    Instant any = from;
    for (int attempt = 0; attempt < 4; attempt++) {
      any = from.plus(world.dice.between(Duration.ofSeconds(1), Duration.between(from, to)));
      Instant at = WorkingHours.randomWorkTime(rep, WorkingHours.localDate(rep, any), world.dice);
      if (at.isAfter(from) && at.isBefore(to)) {
        return at;
      }
    }
    return any;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
