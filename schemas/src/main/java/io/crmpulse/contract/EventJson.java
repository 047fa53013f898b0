package io.crmpulse.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.events.CrmEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The canonical JSON Lines form of an event (CONTRACT.md section 1), mapped field by field from the
 * Avro schema, so a field added to a schema is read and written here without further code.
 *
 * <p>Enum values are lower case in JSON and upper case in Avro; a value the schema does not know
 * becomes the enum's default symbol (OTHER). Unknown JSON fields are ignored.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final SpecificData MODEL = SpecificData.getForSchema(CrmEvent.getClassSchema());

  private EventJson() {}

  /** Parses one line into an event, or says why the line is not one. */
  public static CrmEvent parse(String line) throws InvalidEventException {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidEventException("not a JSON object");
    }
    requireText(node, "event_id");
    requireText(node, "event_time");
    requireText(node, "entity");
    if (!node.hasNonNull("source")) {
      ((ObjectNode) node).put("source", "unknown");
    }
    return (CrmEvent) readRecord(node, CrmEvent.getClassSchema(), "");
  }

  /**
   * Writes an event, or any other of the project's records (a deal alert), as one JSON line (no
   * trailing newline), leaving out null fields.
   */
  public static String write(SpecificRecordBase record) {
    try {
      return MAPPER.writeValueAsString(writeRecord(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen for a tree of plain values", e);
    }
  }

  private static void requireText(JsonNode node, String field) throws InvalidEventException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidEventException("lacks " + field);
    }
  }

  private static SpecificRecordBase readRecord(JsonNode node, Schema schema, String path)
      throws InvalidEventException {
    SpecificRecordBase record = (SpecificRecordBase) MODEL.newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      JsonNode value = node.get(field.name());
      String fieldPath = path + field.name();
      Schema type = nonNull(field.schema());
      if (value == null || value.isNull()) {
        if (type != field.schema()) {
          record.put(field.pos(), null);
          continue;
        }
        throw new InvalidEventException("lacks " + fieldPath);
      }
      record.put(field.pos(), readValue(value, type, fieldPath));
    }
    return record;
  }

  private static Object readValue(JsonNode value, Schema type, String path)
      throws InvalidEventException {
    LogicalType logical = type.getLogicalType();
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return readInstant(value, path);
    }
    if (logical instanceof LogicalTypes.Date) {
      return readDate(value, path);
    }
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return readDecimal(value, decimal.getScale(), path);
    }
    return switch (type.getType()) {
      case STRING -> {
        if (!value.isValueNode() || value.isBoolean()) {
          throw new InvalidEventException(path + " must be a string");
        }
        yield value.asText();
      }
      case INT -> {
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
          throw new InvalidEventException(path + " must be a whole number, got " + value);
        }
        yield value.intValue();
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw new InvalidEventException(path + " must be true or false, got " + value);
        }
        yield value.booleanValue();
      }
      case ENUM -> readEnum(value, type, path);
      case RECORD -> {
        if (!value.isObject()) {
          throw new InvalidEventException(path + " must be an object");
        }
        yield readRecord(value, type, path + ".");
      }
      default -> throw new IllegalStateException("schema type not mapped to JSON: " + type);
    };
  }

  private static Object readEnum(JsonNode value, Schema type, String path)
      throws InvalidEventException {
    if (!value.isTextual()) {
      throw new InvalidEventException(path + " must be a string");
    }
    String symbol = value.asText().trim().toUpperCase(Locale.ROOT);
    if (!type.hasEnumSymbol(symbol)) {
      if (type.getEnumDefault() == null) {
        throw new InvalidEventException(
            path + " must be one of " + lowerCase(type) + ", got '" + value.asText() + "'");
      }
      symbol = type.getEnumDefault();
    }
    return MODEL.createEnum(symbol, type);
  }

  private static String lowerCase(Schema enumType) {
    return String.join(", ", enumType.getEnumSymbols()).toLowerCase(Locale.ROOT);
  }

  private static Instant readInstant(JsonNode value, String path) throws InvalidEventException {
    try {
      // Avro carries milliseconds: truncating here keeps JSON and Kafka input the same events.
      return OffsetDateTime.parse(value.asText()).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(
          path + " is not an ISO-8601 instant with offset: '" + value.asText() + "'");
    }
  }

  private static LocalDate readDate(JsonNode value, String path) throws InvalidEventException {
    try {
      return LocalDate.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(path + " is not an ISO-8601 date: '" + value.asText() + "'");
    }
  }

  private static BigDecimal readDecimal(JsonNode value, int scale, String path)
      throws InvalidEventException {
    try {
      BigDecimal number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
      return number.setScale(scale, RoundingMode.HALF_EVEN);
    } catch (NumberFormatException e) {
      throw new InvalidEventException(path + " must be a decimal number, got " + value);
    }
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(s -> s.getType() != Schema.Type.NULL)
        .findFirst()
        .orElseThrow();
  }

  private static ObjectNode writeRecord(SpecificRecordBase record) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value == null) {
        continue;
      }
      if (value instanceof SpecificRecordBase nested) {
        node.set(field.name(), writeRecord(nested));
      } else if (value instanceof Enum<?> symbol) {
        node.put(field.name(), symbol.name().toLowerCase(Locale.ROOT));
      } else if (value instanceof BigDecimal decimal) {
        node.put(field.name(), decimal.stripTrailingZeros());
      } else if (value instanceof Integer number) {
        node.put(field.name(), number);
      } else if (value instanceof Long number) {
        node.put(field.name(), number);
      } else if (value instanceof Double number) {
        node.put(field.name(), number);
      } else if (value instanceof Boolean flag) {
        node.put(field.name(), flag);
      } else {
        node.put(field.name(), value.toString());
      }
    }
    return node;
  }
}
