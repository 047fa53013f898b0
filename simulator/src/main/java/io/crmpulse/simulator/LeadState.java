package io.crmpulse.simulator;

import io.crmpulse.events.Lead;
import io.crmpulse.events.LeadDisposition;
import io.crmpulse.events.LeadStatus;
import java.time.Instant;

/** A lead being worked: its CRM fields plus what the simulation knows and the CRM does not. */
final class LeadState {
  final String id;
  final String ownerId;
  final String accountId;
  final String source;
  final Instant createdAt;
  LeadStatus status = LeadStatus.NEW;
  LeadDisposition disposition;
  int touches;

  /** Touches before this buyer is ready to talk business (80% of sales need five or more). */
  int touchesNeeded;

  /** Touches the owner will make before giving up. */
  int maxTouches;

  /** When the owner means to try again; null once the lead is closed. */
  Instant nextTouchAt;

  LeadState(String id, String ownerId, String accountId, String source, Instant createdAt) {
    this.id = id;
    this.ownerId = ownerId;
    this.accountId = accountId;
    this.source = source;
    this.createdAt = createdAt;
  }

  boolean inbound() {
    return !Catalog.OUTBOUND_SOURCE.equals(source);
  }

  boolean open() {
    return status != LeadStatus.QUALIFIED && status != LeadStatus.DISQUALIFIED;
  }

  boolean ready() {
    return touches >= touchesNeeded;
  }

  Lead toRecord() {
    return Lead.newBuilder()
        .setId(id)
        .setOwnerId(ownerId)
        .setSource(source)
        .setStatus(status)
        .setDisposition(disposition)
        .setCreatedAt(createdAt)
        .build();
  }
}
