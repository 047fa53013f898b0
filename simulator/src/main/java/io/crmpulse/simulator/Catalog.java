package io.crmpulse.simulator;

import io.crmpulse.events.ForecastCategory;
import java.util.List;
import java.util.Map;

/**
 * The simulated company's fixed facts. Rep names, products and list prices come from the Maven
 * Analytics CRM sample (public domain, see /work/shared/data/maven-crm); its pipeline also
 * calibrates the win rate (63% of closed deals won there) and deal length (median 45 days from
 * engagement to close, about 14 days per stage as the seed articles say).
 */
final class Catalog {
  private Catalog() {}

  /** A desk on the sales floor: which team sits where and quotes in which currency. */
  record Seat(String team, String zone, String currency) {}

  /**
   * Interleaved so that a handful of reps already spans all teams, and ordered so that twelve reps
   * cover every UTC hour of a weekday with someone's working day.
   */
  static final List<Seat> SEATS =
      List.of(
          new Seat("Nordics", "Europe/Stockholm", "EUR"),
          new Seat("Americas", "America/New_York", "USD"),
          new Seat("APAC", "Asia/Taipei", "USD"),
          new Seat("Nordics", "Europe/Stockholm", "EUR"),
          new Seat("Americas", "America/Los_Angeles", "USD"),
          new Seat("APAC", "Australia/Sydney", "USD"),
          new Seat("Nordics", "Europe/Helsinki", "EUR"),
          new Seat("Americas", "America/Chicago", "USD"),
          new Seat("APAC", "Asia/Taipei", "USD"),
          new Seat("Nordics", "Europe/Stockholm", "EUR"),
          new Seat("Americas", "America/New_York", "USD"),
          new Seat("APAC", "Asia/Tokyo", "USD"));

  static final List<String> REP_NAMES =
      List.of(
          "Anna Snelling",
          "Darcel Schlecht",
          "Vicki Laflamme",
          "Cecily Lampkin",
          "Violet Mclelland",
          "Rosalina Dieter",
          "Versie Hillebrand",
          "Corliss Cosme",
          "Hayden Neloms",
          "Lajuana Vencill",
          "Rosie Papadopoulos",
          "Markita Hansen",
          "Moses Frase",
          "Garret Kinder",
          "Elease Gluck",
          "Jonathan Berthelot",
          "Wilburn Farren",
          "Carol Thompson",
          "Marty Freudenburg",
          "Elizabeth Anderson",
          "James Ascencio",
          "Gladys Colclough",
          "Daniell Hammack",
          "Kary Hendrixson",
          "Niesha Huffines",
          "Cassey Cress",
          "Kami Bicknell",
          "Mei-Mei Johns",
          "Donn Cantrell",
          "Zane Levy",
          "Reed Clapper",
          "Maureen Marcano",
          "Boris Faz",
          "Carl Lin",
          "Natalya Ivanova");

  /** A product with its list price in USD and its share of the sample's 8,800 deals. */
  record Product(String name, int listPriceUsd, int deals) {}

  static final List<Product> PRODUCTS =
      List.of(
          new Product("GTX Basic", 550, 1866),
          new Product("MG Special", 55, 1651),
          new Product("GTX Pro", 4821, 1480),
          new Product("MG Advanced", 3393, 1412),
          new Product("GTX Plus Basic", 1096, 1383),
          new Product("GTX Plus Pro", 5482, 968),
          new Product("GTK 500", 26768, 40));

  /** Open stages in order; a deal enters at the first. */
  static final List<String> STAGES =
      List.of("prospecting", "qualification", "proposal", "negotiation");

  static final String WON_STAGE = "closed_won";
  static final String LOST_STAGE = "closed_lost";

  /**
   * Chance a deal is lost when it is due to leave each stage: 0.78 x 0.82 x 0.85 x 0.88, about 48%
   * of created deals are won; deals from the sample's Engaging stage on win 63%.
   */
  static final double[] LOSS_AT_STAGE = {0.22, 0.18, 0.15, 0.12};

  static final ForecastCategory[] FORECAST_AT_STAGE = {
    ForecastCategory.PIPELINE,
    ForecastCategory.PIPELINE,
    ForecastCategory.BEST_CASE,
    ForecastCategory.COMMIT
  };

  static final List<String> LOST_REASONS =
      List.of("price", "competitor", "no_budget", "no_decision", "timing", "went_dark");

  /** Where inbound leads come from; outbound leads are list imports the reps call themselves. */
  static final List<String> INBOUND_SOURCES =
      List.of("website", "inbound_call", "trade_show", "referral", "partner", "other");

  static final double[] INBOUND_SOURCE_WEIGHTS = {40, 12, 14, 16, 12, 6};

  static final String OUTBOUND_SOURCE = "outbound";

  /**
   * Each team's sales manager, who reviews the team's deal alerts and may snooze one. Managers are
   * not reps (they carry no quota and log no calls), so they appear only as a snooze's {@code by}.
   */
  static final Map<String, String> TEAM_MANAGERS =
      Map.of("Nordics", "mgr-nordics", "Americas", "mgr-americas", "APAC", "mgr-apac");

  /**
   * Why someone silences a quiet deal's alert, as they would type it. A {@code %s} is the day the
   * snooze ends, as an ordinal ("20th"): "customer on holiday until the 20th".
   */
  static final List<String> SNOOZE_REASONS =
      List.of(
          "customer on holiday until the %s",
          "waiting for budget approval",
          "champion on parental leave, back on the %s",
          "legal is reviewing the contract",
          "procurement freeze until the %s",
          "decision at their board meeting on the %s",
          "waiting for their security review",
          "reorg at the customer, new contact to be introduced",
          "buyer asked to reconnect after their trade show",
          "pilot running, results expected by the %s");

  /** USD to EUR for quoting list prices on the Nordic desks. */
  static final double EUR_PER_USD = 0.92;
}
