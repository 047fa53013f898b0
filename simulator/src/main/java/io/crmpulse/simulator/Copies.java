package io.crmpulse.simulator;

import io.crmpulse.events.Activity;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Lead;
import io.crmpulse.events.Login;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.Rep;
import io.crmpulse.events.Snooze;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Copies of generated records, field by field. The generated builders' copy constructors deep-copy
 * through Avro's class loading, which Avro 1.12.2 refuses for packages not named in {@code
 * org.apache.avro.SERIALIZABLE_PACKAGES}; the simulator must run without that setting. Every field
 * value here is immutable (strings, enums, instants, numbers), so sharing them is safe.
 */
final class Copies {
  private Copies() {}

  static Activity activity(Activity source) {
    return shallow(source, Activity::new);
  }

  static CrmEvent event(CrmEvent source) {
    CrmEvent copy = shallow(source, CrmEvent::new);
    copy.setRep(source.getRep() == null ? null : shallow(source.getRep(), Rep::new));
    copy.setLead(source.getLead() == null ? null : shallow(source.getLead(), Lead::new));
    copy.setOpportunity(
        source.getOpportunity() == null
            ? null
            : shallow(source.getOpportunity(), Opportunity::new));
    copy.setActivity(source.getActivity() == null ? null : activity(source.getActivity()));
    copy.setLogin(source.getLogin() == null ? null : shallow(source.getLogin(), Login::new));
    copy.setSnooze(source.getSnooze() == null ? null : shallow(source.getSnooze(), Snooze::new));
    return copy;
  }

  private static <T extends SpecificRecordBase> T shallow(T source, Supplier<T> blank) {
    T copy = blank.get();
    int fields = source.getSchema().getFields().size();
    for (int i = 0; i < fields; i++) {
      copy.put(i, source.get(i));
    }
    return copy;
  }
}
