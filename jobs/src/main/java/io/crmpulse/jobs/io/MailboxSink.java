package io.crmpulse.jobs.io;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands a bounded job's records to the code that started it, for jobs run in a MiniCluster in the
 * same JVM (replay, tests). Unlike a collect sink it needs no client polling: when execute()
 * returns, every record is in the mailbox.
 */
public final class MailboxSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, ConcurrentLinkedQueue<Object>> MAILBOXES = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public MailboxSink() {
    MAILBOXES.put(id, new ConcurrentLinkedQueue<>());
  }

  /** Takes out everything written so far and closes the mailbox. */
  @SuppressWarnings("unchecked")
  public List<T> drain() {
    ConcurrentLinkedQueue<Object> box = MAILBOXES.remove(id);
    return box == null ? List.of() : List.copyOf((ConcurrentLinkedQueue<T>) (ConcurrentLinkedQueue<?>) box);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    ConcurrentLinkedQueue<Object> box = MAILBOXES.get(id);
    if (box == null) {
      throw new IllegalStateException("MailboxSink only works in a MiniCluster in the JVM that created it");
    }
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        box.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
