package io.crmpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes Grafana dashboard JSON (the classic model, schemaVersion {@value #SCHEMA_VERSION}) from a
 * few calls per panel, so that the dashboards in grafana/dashboards share one datasource variable,
 * one panel shape and one set of defaults instead of copied JSON. Only the fields Grafana needs to
 * provision a dashboard are written; Grafana fills in the rest when it loads one.
 */
final class DashboardBuilder {
  static final int SCHEMA_VERSION = 39;
  /** Uid of the datasource in grafana/provisioning/datasources/prometheus.yml. */
  static final String DATASOURCE_UID = "crmpulse-prometheus";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode root = JSON.objectNode();
  private final ArrayNode variables;
  private final ArrayNode panels;
  private int nextPanelId = 1;

  DashboardBuilder(String uid, String title, String description) {
    root.put("uid", uid);
    root.put("title", title);
    root.put("description", description);
    root.set("tags", JSON.arrayNode().add("crmpulse"));
    root.put("timezone", "browser");
    root.put("editable", false);
    root.put("graphTooltip", 1);
    root.put("liveNow", false);
    root.put("refresh", "30s");
    root.put("schemaVersion", SCHEMA_VERSION);
    ObjectNode time = root.putObject("time");
    time.put("from", "now-6h");
    time.put("to", "now");
    root.putObject("timepicker").set("refresh_intervals",
        JSON.arrayNode().add("5s").add("10s").add("30s").add("1m").add("5m"));
    root.putObject("annotations").putArray("list");
    root.putArray("links");
    variables = root.putObject("templating").putArray("list");
    ObjectNode datasource = variables.addObject();
    datasource.put("name", "datasource");
    datasource.put("label", "Data source");
    datasource.put("type", "datasource");
    datasource.put("query", "prometheus");
    datasource.put("hide", 0);
    datasource.put("refresh", 1);
    datasource.put("regex", "");
    ObjectNode current = datasource.putObject("current");
    current.put("text", "Prometheus");
    current.put("value", DATASOURCE_UID);
    panels = root.putArray("panels");
  }

  DashboardBuilder refresh(String refresh) {
    root.put("refresh", refresh);
    return this;
  }

  DashboardBuilder timeFrom(String from) {
    ((ObjectNode) root.path("time")).put("from", from);
    return this;
  }

  DashboardBuilder tag(String tag) {
    ((ArrayNode) root.path("tags")).add(tag);
    return this;
  }

  /**
   * A query variable over the label values of a series, as Grafana's Prometheus datasource
   * evaluates {@code label_values(series, label)}.
   */
  DashboardBuilder labelVariable(String name, String label, String series, boolean allowAll) {
    String query = "label_values(" + series + ", " + name + ")";
    ObjectNode variable = variables.addObject();
    variable.put("name", name);
    variable.put("label", label);
    variable.put("type", "query");
    variable.set("datasource", datasource());
    ObjectNode q = variable.putObject("query");
    q.put("qryType", 1);
    q.put("query", query);
    q.put("refId", "PrometheusVariableQueryEditor-VariableQuery");
    variable.put("refresh", 2);
    variable.put("sort", 1);
    variable.put("hide", 0);
    variable.put("regex", "");
    variable.put("includeAll", allowAll);
    variable.put("multi", allowAll);
    if (allowAll) {
      variable.put("allValue", ".*");
      ObjectNode current = variable.putObject("current");
      current.set("text", JSON.arrayNode().add("All"));
      current.set("value", JSON.arrayNode().add("$__all"));
    } else {
      // Grafana selects the first value when the current one is not among them.
      ObjectNode current = variable.putObject("current");
      current.put("text", "");
      current.put("value", "");
    }
    variable.putArray("options");
    return this;
  }

  /** A panel at grid position (x, y), w columns of 24 wide and h rows high. */
  Panel panel(String type, String title, String description, int x, int y, int w, int h) {
    ObjectNode node = panels.addObject();
    node.put("id", nextPanelId++);
    node.put("type", type);
    node.put("title", title);
    node.put("description", description);
    node.set("datasource", datasource());
    ObjectNode grid = node.putObject("gridPos");
    grid.put("h", h);
    grid.put("w", w);
    grid.put("x", x);
    grid.put("y", y);
    node.putArray("targets");
    ObjectNode defaults = node.putObject("fieldConfig").putObject("defaults");
    ((ObjectNode) node.path("fieldConfig")).putArray("overrides");
    defaults.put("unit", "short");
    defaults.putObject("color").put("mode", "palette-classic");
    ObjectNode thresholds = defaults.putObject("thresholds");
    thresholds.put("mode", "absolute");
    thresholds.putArray("steps").addObject().put("color", "green").putNull("value");
    node.set("options", defaultOptions(type));
    return new Panel(node);
  }

  ObjectNode build() {
    return root.deepCopy();
  }

  private static ObjectNode datasource() {
    ObjectNode ds = JSON.objectNode();
    ds.put("type", "prometheus");
    ds.put("uid", "${datasource}");
    return ds;
  }

  private static ObjectNode reduceLast() {
    ObjectNode reduce = JSON.objectNode();
    reduce.set("calcs", JSON.arrayNode().add("lastNotNull"));
    reduce.put("fields", "");
    reduce.put("values", false);
    return reduce;
  }

  /** Whole numbers without a fraction, as JavaScript writes them (60, not 60.0). */
  private static JsonNode number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? JSON.numberNode((long) value)
        : JSON.numberNode(value);
  }

  private static ObjectNode hiddenLegend() {
    ObjectNode legend = JSON.objectNode();
    legend.put("displayMode", "list");
    legend.put("placement", "bottom");
    legend.put("showLegend", false);
    legend.putArray("calcs");
    return legend;
  }

  private static ObjectNode defaultOptions(String type) {
    ObjectNode options = JSON.objectNode();
    switch (type) {
      case "stat" -> {
        options.set("reduceOptions", reduceLast());
        options.put("colorMode", "value");
        options.put("graphMode", "none");
        options.put("justifyMode", "auto");
        options.put("orientation", "auto");
        options.put("textMode", "value_and_name");
        options.put("wideLayout", true);
        options.put("showPercentChange", false);
        options.put("percentChangeColorMode", "standard");
      }
      case "bargauge" -> {
        options.set("reduceOptions", reduceLast());
        options.put("orientation", "horizontal");
        options.put("displayMode", "gradient");
        options.put("valueMode", "color");
        options.put("namePlacement", "left");
        options.put("showUnfilled", true);
        options.put("sizing", "auto");
        options.put("minVizHeight", 16);
        options.put("minVizWidth", 8);
        options.put("maxVizHeight", 300);
        options.set("legend", hiddenLegend());
      }
      case "timeseries" -> {
        ObjectNode legend = options.putObject("legend");
        legend.put("displayMode", "list");
        legend.put("placement", "bottom");
        legend.put("showLegend", true);
        legend.putArray("calcs");
        ObjectNode tooltip = options.putObject("tooltip");
        tooltip.put("mode", "multi");
        tooltip.put("sort", "desc");
      }
      case "table" -> {
        options.put("showHeader", true);
        options.put("cellHeight", "sm");
        ObjectNode footer = options.putObject("footer");
        footer.put("show", false);
        footer.set("reducer", JSON.arrayNode().add("sum"));
        footer.putArray("fields");
      }
      default -> throw new IllegalArgumentException("no defaults for panel type " + type);
    }
    return options;
  }

  /** One panel being built; every setter returns it for chaining. */
  static final class Panel {
    private final ObjectNode node;

    private Panel(ObjectNode node) {
      this.node = node;
    }

    private ObjectNode defaults() {
      return (ObjectNode) node.path("fieldConfig").path("defaults");
    }

    /** A query evaluated at the panel's end time only (stat, bar gauge, table panels). */
    Panel instant(String expr, String legend) {
      return target(expr, legend, true);
    }

    /** A query over the panel's time range (time series panels). */
    Panel range(String expr, String legend) {
      return target(expr, legend, false);
    }

    private Panel target(String expr, String legend, boolean instant) {
      ArrayNode targets = (ArrayNode) node.path("targets");
      ObjectNode target = targets.addObject();
      target.put("refId", String.valueOf((char) ('A' + targets.size() - 1)));
      target.set("datasource", datasource());
      target.put("editorMode", "code");
      target.put("expr", expr);
      target.put("legendFormat", legend);
      target.put("instant", instant);
      target.put("range", !instant);
      if (instant) {
        target.put("format", node.path("type").asText().equals("table") ? "table" : "time_series");
      }
      return this;
    }

    Panel unit(String unit) {
      defaults().put("unit", unit);
      return this;
    }

    Panel decimals(int decimals) {
      defaults().put("decimals", decimals);
      return this;
    }

    Panel min(double min) {
      defaults().set("min", number(min));
      return this;
    }

    Panel max(double max) {
      defaults().set("max", number(max));
      return this;
    }

    /** What the panel shows when the query has no series: deal counts that are 0 are not published. */
    Panel noValue(String text) {
      defaults().put("noValue", text);
      return this;
    }

    /** Threshold colours: the base colour, then (value, colour) pairs in ascending order. */
    Panel thresholds(String base, Object... steps) {
      ArrayNode list = JSON.arrayNode();
      list.addObject().put("color", base).putNull("value");
      for (int i = 0; i < steps.length; i += 2) {
        list.addObject().put("color", (String) steps[i + 1]).set("value", number(((Number) steps[i]).doubleValue()));
      }
      defaults().putObject("thresholds").put("mode", "absolute").set("steps", list);
      defaults().putObject("color").put("mode", "thresholds");
      return this;
    }

    /** A fixed colour for every series. */
    Panel color(String color) {
      ObjectNode c = defaults().putObject("color");
      c.put("mode", "fixed");
      c.put("fixedColor", color);
      return this;
    }

    Panel option(String key, String value) {
      ((ObjectNode) node.path("options")).put(key, value);
      return this;
    }

    Panel option(String key, JsonNode value) {
      ((ObjectNode) node.path("options")).set(key, value);
      return this;
    }

    /** Stat panels: colour the whole tile, which reads from across a room. */
    Panel background() {
      return option("colorMode", "background");
    }
  }
}
