package io.crmpulse.simulator;

import io.crmpulse.events.ForecastCategory;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.OpportunityStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** An opportunity being worked: its CRM fields plus the simulation's plans for it. */
final class DealState {
  final String id;
  final RepProfile owner;
  final String accountId;
  final String leadId;
  final Instant createdAt;
  int stage;
  BigDecimal amount;
  ForecastCategory forecast = ForecastCategory.PIPELINE;
  LocalDate expectedClose;
  OpportunityStatus status = OpportunityStatus.OPEN;
  String lostReason;

  /** When the buyer is ready to move to the next stage; a stalled deal's lies weeks ahead. */
  Instant readyAt;

  /** Until when the owner forgets the deal exists; null when it is being worked. */
  Instant neglectedUntil;

  Instant lastTouch;
  boolean meetingBooked;

  /**
   * When the latest completed activity linked to the deal took place (the contract's view of
   * neglect): unlike {@link #lastTouch}, a meeting the buyer missed counts.
   */
  Instant lastActivity;

  /** When the deal entered its current stage: the event time of that version. */
  Instant stageEntered;

  /** The deal's snooze in force, if any, and until when. */
  String snoozeId;

  Instant snoozedUntil;

  /**
   * The neglect and stall episodes someone already decided whether to snooze, by when they began
   * ({@link #lastActivity}, {@link #stageEntered}): each episode gets one chance.
   */
  Instant neglectReviewed;

  Instant stallReviewed;

  DealState(
      String id,
      RepProfile owner,
      String accountId,
      String leadId,
      Instant createdAt,
      BigDecimal amount) {
    this.id = id;
    this.owner = owner;
    this.accountId = accountId;
    this.leadId = leadId;
    this.createdAt = createdAt;
    this.amount = amount;
    this.lastTouch = createdAt;
    this.lastActivity = createdAt;
    this.stageEntered = createdAt;
  }

  String stageName() {
    return switch (status) {
      case WON -> Catalog.WON_STAGE;
      case LOST -> Catalog.LOST_STAGE;
      default -> Catalog.STAGES.get(stage);
    };
  }

  boolean neglected(Instant now) {
    return neglectedUntil != null && now.isBefore(neglectedUntil);
  }

  Opportunity toRecord() {
    return Opportunity.newBuilder()
        .setId(id)
        .setOwnerId(owner.id())
        .setAccountId(accountId)
        .setLeadId(leadId)
        .setStage(stageName())
        .setAmount(amount)
        .setCurrency(owner.currency())
        .setForecastCategory(forecast)
        .setExpectedClose(expectedClose)
        .setStatus(status)
        .setLostReason(lostReason)
        .setCreatedAt(createdAt)
        .build();
  }
}
