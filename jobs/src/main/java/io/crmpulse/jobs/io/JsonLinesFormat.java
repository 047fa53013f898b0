package io.crmpulse.jobs.io;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A JSON Lines file as input records numbered by line, for Flink's FileSource: the file streams
 * through the job however large it is. Not splittable, so line numbers are the file's own.
 */
public class JsonLinesFormat extends SimpleStreamFormat<RawInput> {
  private static final long serialVersionUID = 1L;

  private final String origin;

  public JsonLinesFormat(String origin) {
    this.origin = origin;
  }

  @Override
  public StreamFormat.Reader<RawInput> createReader(Configuration config, FSDataInputStream stream) {
    ByteLines lines = new ByteLines(stream);
    return new StreamFormat.Reader<>() {
      private long lineNumber;

      @Override
      public RawInput read() throws IOException {
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
          lineNumber++;
          if (!ByteLines.isBlank(line)) {
            return new RawInput(origin, null, lineNumber, true, line);
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }

  @Override
  public TypeInformation<RawInput> getProducedType() {
    return TypeInformation.of(RawInput.class);
  }
}
