package io.crmpulse.simulator;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.Direction;
import io.crmpulse.events.LeadDisposition;
import io.crmpulse.events.LeadStatus;
import io.crmpulse.events.Outcome;
import java.time.Duration;
import java.time.Instant;

/**
 * Working leads: inbound leads arrive, reps call and email them, most calls do not connect, and a
 * lead turns into a deal only after enough touches (80% of sales need five or more) — which the
 * reps who give up after one touch (48% of them) rarely reach.
 */
final class LeadWork {
  /** Share of follow-ups done by email rather than by phone. */
  static final double EMAIL_SHARE = 0.22;

  private final World world;
  private final Logbook logbook;
  private final DealWork deals;

  LeadWork(World world, Logbook logbook, DealWork deals) {
    this.world = world;
    this.logbook = logbook;
    this.deals = deals;
  }

  /** An inbound lead arrives for the rep: a web form, a referral, a call to the switchboard. */
  void arrive(RepDesk desk, Instant at) {
    Dice dice = world.dice;
    String source = Catalog.INBOUND_SOURCES.get(dice.weighted(Catalog.INBOUND_SOURCE_WEIGHTS));
    LeadState lead = create(desk, at, source);
    if (!source.equals("inbound_call")) {
      // Lead response time: someone picks it up at their next free moment after this.
      lead.nextTouchAt = at.plus(World.seconds(dice.logNormal(3600, 1.0)));
      return;
    }
    double awake = WorkingHours.intensity(desk.rep, at, world.options);
    if (awake < 0.5) {
      lead.nextTouchAt = at; // a voicemail on the switchboard, returned first thing
      return;
    }
    Duration talk = World.seconds(dice.logNormal(300, 0.5));
    Instant end = at.plus(talk);
    Activity call =
        logbook
            .activity(desk.rep, ActivityType.CALL, Direction.INBOUND)
            .setOutcome(Outcome.CONNECTED)
            .setOccurredAt(at)
            .setDurationS((int) talk.toSeconds())
            .setLeadId(lead.id)
            .setAccountId(lead.accountId)
            .build();
    Instant logged = logbook.callLoggedAt(desk.rep, end);
    logbook.log(call, logged);
    lead.touches++;
    converse(desk, lead, logged.plus(World.seconds(dice.between(30, 300))));
  }

  /** The rep's next lead touch: the most overdue follow-up, or a fresh name from the list. */
  void work(RepDesk desk, Instant at) {
    LeadState lead = desk.dueLead(at);
    if (lead == null) {
      lead = create(desk, at, Catalog.OUTBOUND_SOURCE);
      at = at.plus(World.seconds(world.dice.between(20, 120)));
    }
    lead.touches++;
    if (lead.touches > 1 && world.dice.chance(EMAIL_SHARE)) {
      email(desk, lead, at);
    } else {
      call(desk, lead, at);
    }
  }

  /** A new lead of the rep's, announced to the CRM at {@code at}. */
  LeadState create(RepDesk desk, Instant at, String source) {
    Dice dice = world.dice;
    LeadState lead =
        new LeadState(
            world.events.nextLeadId(), desk.rep.id(), world.events.nextAccountId(), source, at);
    boolean warm = lead.inbound() ? dice.chance(0.3) : dice.chance(0.15);
    lead.touchesNeeded = warm ? dice.between(1, 4) : dice.between(5, 9);
    lead.maxTouches =
        desk.rep.quitter() ? (dice.chance(0.8) ? 1 : dice.between(2, 3)) : dice.between(6, 12);
    desk.leads.add(lead);
    world.emit(world.events.lead(at, ChangeType.CREATED, lead.toRecord()));
    return lead;
  }

  private void call(RepDesk desk, LeadState lead, Instant at) {
    Dice dice = world.dice;
    double reach = lead.inbound() ? 0.34 : 0.16 + 0.02 * Math.min(lead.touches, 5);
    Outcome outcome = dice.chance(reach) ? Outcome.CONNECTED : missedOutcome(dice);
    Duration length = callLength(dice, outcome);
    Activity call =
        logbook
            .activity(desk.rep, ActivityType.CALL, Direction.OUTBOUND)
            .setOutcome(outcome)
            .setOccurredAt(at)
            .setDurationS((int) length.toSeconds())
            .setLeadId(lead.id)
            .setAccountId(lead.accountId)
            .build();
    Instant logged = logbook.callLoggedAt(desk.rep, at.plus(length));
    logbook.log(call, logged);
    // The lead's status is updated once the call is in the CRM.
    Instant after = logged.plus(World.seconds(dice.between(20, 240)));
    switch (outcome) {
      case CONNECTED -> converse(desk, lead, after);
      case BAD_NUMBER -> {
        if (dice.chance(0.6)) {
          close(desk, lead, LeadStatus.DISQUALIFIED, LeadDisposition.BAD_CONTACT_INFO, after);
        } else {
          noReply(desk, lead, at, after);
        }
      }
      case WRONG_PERSON -> {
        if (dice.chance(0.6)) {
          close(desk, lead, LeadStatus.DISQUALIFIED, LeadDisposition.WRONG_PERSON, after);
        } else {
          noReply(desk, lead, at, after);
        }
      }
      default -> noReply(desk, lead, at, after);
    }
  }

  static Outcome missedOutcome(Dice dice) {
    return switch (dice.weighted(46, 34, 8, 7, 5)) {
      case 0 -> Outcome.NO_ANSWER;
      case 1 -> Outcome.VOICEMAIL;
      case 2 -> Outcome.BUSY;
      case 3 -> Outcome.BAD_NUMBER;
      default -> Outcome.WRONG_PERSON;
    };
  }

  static Duration callLength(Dice dice, Outcome outcome) {
    return switch (outcome) {
      case CONNECTED -> World.seconds(Math.min(3600, dice.logNormal(240, 0.7)));
      case VOICEMAIL -> World.seconds(dice.between(25, 70));
      case NO_ANSWER -> World.seconds(dice.between(15, 40));
      default -> World.seconds(dice.between(5, 30));
    };
  }

  private void email(RepDesk desk, LeadState lead, Instant at) {
    Dice dice = world.dice;
    Activity email =
        logbook
            .activity(desk.rep, ActivityType.EMAIL, Direction.OUTBOUND)
            .setOutcome(Outcome.SENT)
            .setOccurredAt(at)
            .setLeadId(lead.id)
            .setAccountId(lead.accountId)
            .build();
    Instant logged = logbook.emailLoggedAt(at);
    logbook.log(email, logged);
    if (dice.chance(lead.ready() ? 0.3 : 0.05)) {
      Instant replyAt = at.plus(World.seconds(Math.min(172_800, dice.logNormal(14_400, 1.0))));
      lead.nextTouchAt = null; // waiting for the answer
      world.agenda.at(replyAt, () -> reply(desk, lead));
      markAttempted(lead, logged.plus(World.seconds(dice.between(5, 60))));
    } else {
      noReply(desk, lead, at, logged.plus(World.seconds(dice.between(5, 60))));
    }
  }

  /** The buyer answers an email: the lead is warm, and the rep calls back soon. */
  private void reply(RepDesk desk, LeadState lead) {
    if (!lead.open()) {
      return;
    }
    Dice dice = world.dice;
    Instant at = world.agenda.now();
    Activity answer =
        logbook
            .activity(desk.rep, ActivityType.EMAIL, Direction.INBOUND)
            .setOutcome(Outcome.REPLIED)
            .setOccurredAt(at)
            .setLeadId(lead.id)
            .setAccountId(lead.accountId)
            .build();
    Instant logged = logbook.emailLoggedAt(at);
    logbook.log(answer, logged);
    lead.touchesNeeded = Math.min(lead.touchesNeeded, lead.touches + 1);
    setStatus(lead, LeadStatus.CONTACTED, null, logged.plus(World.seconds(dice.between(60, 900))));
    lead.nextTouchAt = at.plus(World.seconds(dice.between(1800, 4 * 3600)));
  }

  /** A conversation: the buyer is qualified, turned down, or asks to talk again later. */
  private void converse(RepDesk desk, LeadState lead, Instant at) {
    Dice dice = world.dice;
    // Most buyers need several touches first; a few have a need right now.
    if (dice.chance(lead.ready() ? 0.75 : 0.03)) {
      close(desk, lead, LeadStatus.QUALIFIED, LeadDisposition.QUALIFIED, at);
      deals.open(desk, lead, at.plus(World.seconds(dice.between(120, 1800))));
    } else if (dice.chance(lead.ready() ? 0.5 : 0.12)) {
      close(desk, lead, LeadStatus.DISQUALIFIED, LeadDisposition.UNQUALIFIED, at);
    } else {
      setStatus(lead, LeadStatus.CONTACTED, null, at);
      lead.nextTouchAt = at.plus(followUpGap(dice));
    }
  }

  /** No answer this time: try again later, unless the rep has had enough. */
  private void noReply(RepDesk desk, LeadState lead, Instant touchedAt, Instant updateAt) {
    if (lead.touches >= lead.maxTouches) {
      close(desk, lead, LeadStatus.DISQUALIFIED, LeadDisposition.NO_RESPONSE, updateAt);
      return;
    }
    markAttempted(lead, updateAt);
    lead.nextTouchAt = touchedAt.plus(followUpGap(world.dice));
  }

  private void markAttempted(LeadState lead, Instant at) {
    if (lead.status == LeadStatus.NEW) {
      setStatus(lead, LeadStatus.ATTEMPTED, null, at);
    }
  }

  /** Same-day retry for some, otherwise a day or two later (sales cadences). */
  private static Duration followUpGap(Dice dice) {
    if (dice.chance(0.25)) {
      return World.seconds(dice.between(2 * 3600, 6 * 3600));
    }
    return World.days(Math.min(7, dice.logNormal(1.5, 0.5)));
  }

  private void close(
      RepDesk desk, LeadState lead, LeadStatus status, LeadDisposition why, Instant at) {
    lead.nextTouchAt = null;
    desk.leads.remove(lead);
    setStatus(lead, status, why, at);
  }

  private void setStatus(LeadState lead, LeadStatus status, LeadDisposition why, Instant at) {
    if (lead.status == status && lead.disposition == why) {
      return;
    }
    lead.status = status;
    lead.disposition = why;
    world.emit(world.events.lead(at, ChangeType.UPDATED, lead.toRecord()));
  }
}
