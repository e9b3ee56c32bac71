package dev.merc.core.pe;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;

/** PeLimits.defaults() with one cap changed, by component name, so tests survive new caps. */
final class TestLimits {
    private TestLimits() {
    }

    static PeLimits with(String component, long value) {
        try {
            PeLimits d = PeLimits.defaults();
            RecordComponent[] rc = PeLimits.class.getRecordComponents();
            Class<?>[] types = new Class<?>[rc.length];
            Object[] args = new Object[rc.length];
            boolean found = false;
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                if (rc[i].getName().equals(component)) {
                    args[i] = types[i] == int.class ? (Object) Math.toIntExact(value) : (Object) value;
                    found = true;
                } else {
                    args[i] = rc[i].getAccessor().invoke(d);
                }
            }
            if (!found) {
                throw new IllegalArgumentException("PeLimits has no " + component);
            }
            Constructor<PeLimits> c = PeLimits.class.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
