package io.crmpulse.jobs.activity;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.metrics.CalendarPeriod;
import io.crmpulse.jobs.metrics.PublishedSeries;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rep's series of calendar periods in the rep's zone: the "today" series of the contract, the
 * activities by type, direction and outcome today, this week and this month, and logins today.
 * Each period instance is published with its start and end, so they need no timers: the exporter
 * serves the instance containing its now.
 */
final class PeriodSeries {

  private PeriodSeries() {}

  static void add(Map<String, MetricSnapshot> desired, Map<String, String> labels, ZoneId zone,
      Iterable<Contribution> contributions) {
    Map<LocalDate, DayCounts> days = new TreeMap<>();
    Map<Group, long[]> activities = new HashMap<>();
    Map<LocalDate, long[]> logins = new TreeMap<>();
    for (Contribution c : contributions) {
      LocalDate day = Instant.ofEpochMilli(c.occurredAt).atZone(zone).toLocalDate();
      if (c.has(ActivityKinds.OUTBOUND_CALL) || c.has(ActivityKinds.CONVERSATION)) {
        days.computeIfAbsent(day, d -> new DayCounts()).add(c.kinds, c.eventTime);
      }
      if (c.type != null) {
        for (CalendarPeriod period : CalendarPeriod.containing(day)) {
          count(activities.computeIfAbsent(new Group(period, c.type, c.direction, c.outcome),
              g -> new long[] {0, Long.MIN_VALUE}), c.eventTime);
        }
      }
      if (c.has(ActivityKinds.LOGIN)) {
        count(logins.computeIfAbsent(day, d -> new long[] {0, Long.MIN_VALUE}), c.eventTime);
      }
    }
    days.forEach((day, counts) -> {
      Instant start = day.atStartOfDay(zone).toInstant();
      Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
      long eventTime = counts.newestEventTime;
      PublishedSeries.put(desired, Metric.CALLS_TODAY.seriesName(), labels,
          counts.outboundCalls, eventTime, start, end);
      PublishedSeries.put(desired, Metric.CONVERSATIONS_TODAY.seriesName(), labels,
          counts.conversations, eventTime, start, end);
      if (counts.outboundCalls > 0) {
        PublishedSeries.put(desired, Metric.CONTACT_RATIO_TODAY.seriesName(), labels,
            (double) counts.connectedOutboundCalls / counts.outboundCalls, eventTime, start, end);
      }
    });
    activities.forEach((group, counted) -> {
      Map<String, String> with = new HashMap<>(labels);
      with.put(Metric.TYPE, group.type);
      with.put(Metric.DIRECTION, group.direction);
      with.put(Metric.OUTCOME, group.outcome);
      with.put(Metric.PERIOD, group.period.label());
      PublishedSeries.put(desired, Metric.ACTIVITIES.seriesName(), with, counted[0], counted[1],
          group.period.start().atStartOfDay(zone).toInstant(),
          group.period.end().atStartOfDay(zone).toInstant());
    });
    logins.forEach((day, counted) -> PublishedSeries.put(desired, Metric.LOGINS_TODAY.seriesName(),
        labels, counted[0], counted[1], day.atStartOfDay(zone).toInstant(),
        day.plusDays(1).atStartOfDay(zone).toInstant()));
  }

  private static void count(long[] counted, long eventTime) {
    counted[0]++;
    counted[1] = Math.max(counted[1], eventTime);
  }

  private record Group(CalendarPeriod period, String type, String direction, String outcome) {}
}
