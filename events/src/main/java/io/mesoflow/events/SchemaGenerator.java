package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Derives the JSON Schema (draft 2020-12) of an event's {@code data} from its record. The
 * schemas checked in under {@code src/main/resources/schemas} are its output; a test fails
 * when a record changes and its schema was not regenerated.
 */
public final class SchemaGenerator {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaGenerator() {
    }

    public static ObjectNode schemaOf(Class<? extends MesoflowEvent> type) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://mesoflow.io/schemas/" + type.getSimpleName() + ".schema.json");
        schema.put("title", EventTypes.typeOf(type));
        schema.put("description", "The data of a CloudEvent of type " + EventTypes.typeOf(type)
                + " (structured mode, datacontenttype application/json).");
        schema.setAll(recordSchema(type));
        return schema;
    }

    static ObjectNode recordSchema(Class<?> type) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent component : type.getRecordComponents()) {
            boolean isRequired = isRequired(type, component);
            ObjectNode property = typeSchema(component.getType(), component.getGenericType());
            if (!isRequired) {
                allowNull(property);
            } else {
                required.add(component.getName());
            }
            properties.set(component.getName(), property);
        }
        schema.set("required", required);
        return schema;
    }

    private static boolean isRequired(Class<?> type, RecordComponent component) {
        if (component.getType().isPrimitive()) {
            return true;
        }
        try {
            SampleValues.sampleWithNull(type, component.getName());
            return false;
        } catch (NullPointerException | IllegalArgumentException e) {
            return true;
        }
    }

    private static void allowNull(ObjectNode property) {
        if (property.has("type")) {
            ArrayNode types = JSON.arrayNode().add(property.get("type").asText()).add("null");
            property.set("type", types);
        }
        if (property.has("enum")) {
            ((ArrayNode) property.get("enum")).addNull();
        }
    }

    static ObjectNode typeSchema(Class<?> type, Type generic) {
        ObjectNode schema = JSON.objectNode();
        if (type == String.class) {
            schema.put("type", "string");
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            schema.put("type", "integer");
        } else if (type == double.class || type == Double.class) {
            schema.put("type", "number");
        } else if (type == boolean.class || type == Boolean.class) {
            schema.put("type", "boolean");
        } else if (type == Instant.class) {
            schema.put("type", "string");
            schema.put("format", "date-time");
        } else if (type.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : type.getEnumConstants()) {
                values.add(wireName(constant));
            }
        } else if (type == Constraint.class) { // its wire form: [field, operator] or [field, operator, value]
            schema.put("type", "array");
            schema.set("items", typeSchema(String.class, String.class));
            schema.put("minItems", 2);
            schema.put("maxItems", 3);
        } else if (type.isRecord()) {
            return recordSchema(type);
        } else if (type == List.class) {
            Type item = ((ParameterizedType) generic).getActualTypeArguments()[0];
            schema.put("type", "array");
            schema.set("items", item instanceof ParameterizedType nested
                    ? typeSchema((Class<?>) nested.getRawType(), nested)
                    : typeSchema((Class<?>) item, item));
        } else if (type == Map.class) {
            Type value = ((ParameterizedType) generic).getActualTypeArguments()[1];
            schema.put("type", "object");
            if (value instanceof ParameterizedType nested) {
                schema.set("additionalProperties", typeSchema((Class<?>) nested.getRawType(), nested));
            } else if (value != Object.class) {
                schema.set("additionalProperties", typeSchema((Class<?>) value, value));
            }
        } else {
            throw new IllegalArgumentException("no schema mapping for " + type);
        }
        return schema;
    }

    private static String wireName(Object constant) {
        for (Method method : constant.getClass().getMethods()) {
            if (method.isAnnotationPresent(JsonValue.class)) {
                try {
                    return String.valueOf(method.invoke(constant));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return ((Enum<?>) constant).name();
    }

    /** Writes every schema to {@code dir}: {@code java ... SchemaGenerator events/src/main/resources/schemas}. */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.createDirectories(dir);
        for (Class<? extends MesoflowEvent> type : EventTypes.ALL) {
            java.nio.file.Files.writeString(dir.resolve(type.getSimpleName() + ".schema.json"),
                    EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(schemaOf(type)) + "\n");
        }
    }
}
