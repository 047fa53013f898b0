package io.crmpulse.jobs.activity;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.metrics.PublishedSeries;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A rep's pace: the median, over the trailing working days, of the completed outbound calls made
 * on that day by the local time of day it is now. It moves as the local time of day passes a call
 * of a trailing day, and at local midnight, when the trailing days change.
 */
final class CallPacing {
  private CallPacing() {}

  static void add(Map<String, MetricSnapshot> desired, Map<String, String> labels, ZoneId zone,
      long now, PacingSettings settings, Iterable<Contribution> contributions) {
    ZonedDateTime local = Instant.ofEpochMilli(now).atZone(zone);
    LocalTime timeOfDay = local.toLocalTime();
    List<LocalDate> days = settings.daysBefore(local.toLocalDate());
    Map<LocalDate, Integer> index = new HashMap<>();
    for (int i = 0; i < days.size(); i++) {
      index.put(days.get(i), i);
    }
    long[] byNow = new long[days.size()];
    boolean anyCall = false;
    long newest = Long.MIN_VALUE;
    for (Contribution c : contributions) {
      if (!c.has(ActivityKinds.OUTBOUND_CALL)) {
        continue;
      }
      LocalDateTime at = Instant.ofEpochMilli(c.occurredAt).atZone(zone).toLocalDateTime();
      Integer day = index.get(at.toLocalDate());
      if (day == null) {
        continue;
      }
      anyCall = true;
      newest = Math.max(newest, c.eventTime);
      if (!at.toLocalTime().isAfter(timeOfDay)) {
        byNow[day]++;
      }
    }
    if (anyCall) {
      PublishedSeries.put(desired, Metric.CALLS_TRAILING_MEDIAN.seriesName(), labels,
          median(byNow), newest, null, null);
    }
  }

  /** The middle value, or the mean of the two middle values. */
  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /**
   * The first instant after {@code now} at which the pace can change: today's local time of day
   * reaching that of a call on a trailing day, a clock change today (a skipped hour brings all its
   * calls at once; a repeated one takes some back), or the next local midnight. None without calls.
   */
  static long nextChange(ZoneId zone, long now, PacingSettings settings,
      Iterable<Contribution> contributions) {
    ZonedDateTime local = Instant.ofEpochMilli(now).atZone(zone);
    LocalDate today = local.toLocalDate();
    long midnight = today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    List<LocalDate> days = settings.daysBefore(today);
    boolean anyCall = false;
    long next = Long.MAX_VALUE;
    for (Contribution c : contributions) {
      if (!c.has(ActivityKinds.OUTBOUND_CALL)) {
        continue;
      }
      // Any held call can fall on a trailing day after some midnight.
      anyCall = true;
      LocalDateTime at = Instant.ofEpochMilli(c.occurredAt).atZone(zone).toLocalDateTime();
      if (days.contains(at.toLocalDate())) {
        for (long instant : instantsOf(today.atTime(at.toLocalTime()), zone)) {
          if (instant > now) {
            next = Math.min(next, instant);
          }
        }
      }
    }
    if (!anyCall) {
      return Long.MAX_VALUE;
    }
    ZoneOffsetTransition transition = zone.getRules().nextTransition(Instant.ofEpochMilli(now));
    if (transition != null && transition.getInstant().toEpochMilli() < midnight) {
      next = Math.min(next, transition.getInstant().toEpochMilli());
    }
    return Math.min(next, midnight);
  }

  /** Every instant a local date-time occurs: none in a gap (then the gap's end), two in an overlap. */
  private static List<Long> instantsOf(LocalDateTime at, ZoneId zone) {
    List<Long> instants = new ArrayList<>();
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(at);
    for (ZoneOffset offset : offsets) {
      instants.add(at.toInstant(offset).toEpochMilli());
    }
    if (offsets.isEmpty()) {
      instants.add(zone.getRules().getTransition(at).getInstant().toEpochMilli());
    }
    return instants;
  }
}
