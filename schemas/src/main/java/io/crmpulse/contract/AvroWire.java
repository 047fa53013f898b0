package io.crmpulse.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The Kafka wire format: Avro single-object encoding (header C3 01, the writer schema's 8-byte
 * fingerprint, then the binary record). The decoder knows every released version of a record's
 * schema, kept as {@code history/<Record>.v<N>.avsc}, so bytes from an older or newer writer
 * resolve against today's reader.
 */
public final class AvroWire {
  private AvroWire() {}

  /** Encodes a record with its current schema. */
  public static <T extends SpecificRecordBase> byte[] encode(T record) {
    BinaryMessageEncoder<T> encoder =
        new BinaryMessageEncoder<>(record.getSpecificData(), record.getSchema());
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory Avro encoding failed", e);
    }
  }

  /** A decoder for records of {@code schema} written with any released version of it. */
  public static <T> BinaryMessageDecoder<T> decoder(Schema schema) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    history(schema.getName()).forEach(store::addSchema);
    return new BinaryMessageDecoder<>(SpecificData.getForSchema(schema), schema, store);
  }

  /** Every released version of the named record's schema, oldest first. */
  public static List<Schema> history(String recordName) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String resource = "/history/" + recordName + ".v" + version + ".avsc";
      try (InputStream in = AvroWire.class.getResourceAsStream(resource)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema history " + resource, e);
      }
    }
  }
}
