package io.mesoflow.events;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds a sample instance of any event record, every field filled. Used to generate schemas
 * (which fields are required) and by tests (round trips of every event type).
 */
public final class SampleValues {
    private SampleValues() {
    }

    public static <T> T sample(Class<T> type) {
        return construct(type, null);
    }

    /** A sample of {@code type} with component {@code nullField} set to null (fails if it is required). */
    public static <T> T sampleWithNull(Class<T> type, String nullField) {
        return construct(type, nullField);
    }

    private static <T> T construct(Class<T> type, String nullField) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = components[i].getName().equals(nullField) ? null
                    : value(components[i].getType(), components[i].getGenericType(), components[i].getName());
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + type.getName(), e);
        }
    }

    static Object value(Class<?> type, Type generic, String name) {
        if (type == String.class) {
            return name.equals("taskName") ? "worker-1" : "sample-" + name;
        }
        if (type == int.class || type == Integer.class) {
            return name.equals("count") ? 2 : 1;
        }
        if (type == long.class || type == Long.class) {
            return 3600L;
        }
        if (type == double.class || type == Double.class) {
            return 1.5;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == Instant.class) {
            return Instant.parse("2026-11-24T10:15:30.123Z");
        }
        if (type == RestartPolicy.class) {
            return RestartPolicy.DEFAULT;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == Constraint.class) {
            return Constraint.of("hostname", Constraint.Operator.UNIQUE);
        }
        if (type == PortRange.class) {
            return new PortRange(31000, 31099);
        }
        if (type.isRecord()) {
            return sample(type);
        }
        if (type == List.class) {
            Type item = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Class<?> itemClass = (Class<?>) item;
            return List.of(value(itemClass, itemClass, name));
        }
        if (type == Map.class) {
            Type valueType = ((ParameterizedType) generic).getActualTypeArguments()[1];
            if (valueType == Object.class) {
                return Map.of("learning_rate", 0.01, "layers", List.of(64, 32));
            }
            if (valueType instanceof ParameterizedType nested) { // e.g. TfConfig's cluster
                return Map.of("worker", value((Class<?>) nested.getRawType(), nested, name));
            }
            Class<?> valueClass = (Class<?>) valueType;
            String key = valueClass == RoleSpec.class ? "worker" : "key";
            return Map.of(key, value(valueClass, valueClass, name));
        }
        throw new IllegalArgumentException("no sample for " + type + " (" + name + ")"
                + Arrays.toString(type.getInterfaces()));
    }
}
