package io.crmpulse.jobs.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by deal: holds the deal's versions and announces its stage exits (and deletions) to every
 * deal detector whenever they change, for stall thresholds that are a multiple of a stage's median.
 *
 * <p>It sends as versions arrive, before its watermark passes them, so once a detector's watermark
 * has passed a midnight every exit up to that midnight has reached it, whatever the parallelism.
 * Live, a deal that can add no exit any more (closed or deleted, its last exit beyond the median's
 * window, plus the allowed lateness) is forgotten.
 */
public class StageExitTracker extends KeyedProcessFunction<String, DealVersion, DealBroadcast> {
  private static final long serialVersionUID = 1L;

  private final DealSettings settings;
  private final long latenessMillis;
  private final boolean replay;

  private transient ListState<DealVersion> versions;
  private transient ValueState<DealExits> sent;

  public StageExitTracker(DealSettings settings, java.time.Duration lateness, boolean replay) {
    this.settings = settings;
    this.latenessMillis = lateness.toMillis();
    this.replay = replay;
  }

  @Override
  public void open(OpenContext openContext) {
    versions = getRuntimeContext().getListState(
        new ListStateDescriptor<>("versions", Types.POJO(DealVersion.class)));
    sent = getRuntimeContext().getState(
        new ValueStateDescriptor<>("sent", Types.POJO(DealExits.class)));
  }

  @Override
  public void processElement(DealVersion in, Context ctx, Collector<DealBroadcast> out)
      throws Exception {
    List<DealVersion> held = DealVersion.added(versions.get(), in);
    if (held == null) {
      return;
    }
    versions.update(held);
    DealExits next = DealExits.of(ctx.getCurrentKey(), held, settings);
    if (!next.sameAs(sent.value())) {
      sent.update(next);
      out.collect(DealBroadcast.exits(next));
    }
    long finished = finishedAt(held, next);
    if (!replay && finished != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(finished + latenessMillis);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DealBroadcast> out)
      throws Exception {
    List<DealVersion> held = new ArrayList<>();
    versions.get().forEach(held::add);
    DealExits exits = sent.value();
    if (held.isEmpty() || exits == null) {
      return;
    }
    long finished = finishedAt(held, exits);
    if (finished != Long.MAX_VALUE && timestamp >= finished + latenessMillis) {
      versions.clear();
      sent.clear();
    }
  }

  /** When the deal can add no exit and none of its exits counts any more; MAX_VALUE while open. */
  private static long finishedAt(List<DealVersion> held, DealExits exits) {
    DealVersion current = held.get(held.size() - 1);
    if (current.isOpen()) {
      return Long.MAX_VALUE;
    }
    long last = current.eventTime;
    for (StageExit exit : exits.exits) {
      last = Math.max(last, exit.at + DealSettings.MEDIAN_WINDOW.toMillis());
    }
    return last;
  }
}
