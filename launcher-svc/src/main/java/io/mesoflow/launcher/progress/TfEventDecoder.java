package io.mesoflow.launcher.progress;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a {@code tensorflow.Event} (one TFRecord of an event file) down to its scalars, with
 * protobuf's wire format and no generated TensorFlow classes. Field numbers as in TensorFlow's
 * {@code core/util/event.proto}, {@code core/framework/summary.proto} and {@code tensor.proto}:
 * Event wall_time 1, step 2, summary 5; Summary value 1; Value tag 1, simple_value 2, tensor 8,
 * metadata 9 (plugin_data 1, plugin_name 1); TensorProto dtype 1, tensor_shape 2 (dim 2, size 1),
 * tensor_content 4, float_val 5, double_val 6. A scalar is a TF1 {@code simple_value}, or (what TF2's
 * {@code tf.summary.scalar} writes) a one-element DT_FLOAT or DT_DOUBLE tensor, its value in
 * {@code tensor_content} (little-endian) or the typed field, whose plugin (if named) is "scalars".
 * Everything else (histograms, images, text, graphs) is skipped.
 */
public final class TfEventDecoder {
    static final int DT_FLOAT = 1;
    static final int DT_DOUBLE = 2;

    /** One scalar value of an event. */
    public record Scalar(String tag, double value) {
    }

    /** An event's time (seconds since the epoch), step and scalars (none for most events). */
    public record TfEvent(double wallTime, long step, List<Scalar> scalars) {
    }

    private TfEventDecoder() {
    }

    public static TfEvent decode(byte[] record) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(record);
        double wallTime = 0;
        long step = 0;
        List<Scalar> scalars = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> wallTime = in.readDouble();
                case 2 -> step = in.readInt64();
                case 5 -> summary(in.readBytes().newCodedInput(), scalars);
                default -> in.skipField(tag);
            }
        }
        return new TfEvent(wallTime, step, List.copyOf(scalars));
    }

    private static void summary(CodedInputStream in, List<Scalar> scalars) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                Scalar scalar = value(in.readBytes().newCodedInput());
                if (scalar != null) {
                    scalars.add(scalar);
                }
            } else {
                in.skipField(tag);
            }
        }
    }

    private static Scalar value(CodedInputStream in) throws IOException {
        String name = null;
        Double simple = null;
        Tensor tensor = null;
        String plugin = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 2 -> simple = (double) in.readFloat();
                case 8 -> tensor = tensor(in.readBytes().newCodedInput());
                case 9 -> plugin = pluginName(in.readBytes().newCodedInput());
                default -> in.skipField(tag);
            }
        }
        if (name == null) {
            return null;
        }
        if (simple != null) {
            return new Scalar(name, simple);
        }
        if (tensor == null || (plugin != null && !plugin.equals("scalars"))) {
            return null;
        }
        Double value = tensor.scalar();
        return value == null ? null : new Scalar(name, value);
    }

    private static String pluginName(CodedInputStream in) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) { // plugin_data
                CodedInputStream data = in.readBytes().newCodedInput();
                for (int t = data.readTag(); t != 0; t = data.readTag()) {
                    if (WireFormat.getTagFieldNumber(t) == 1) {
                        return data.readStringRequireUtf8();
                    }
                    data.skipField(t);
                }
                return null;
            }
            in.skipField(tag);
        }
        return null;
    }

    /** The parts of a TensorProto a scalar needs. */
    private static final class Tensor {
        int dtype;
        long elements = 1;
        byte[] content;
        final List<Double> values = new ArrayList<>();

        Double scalar() {
            if (elements != 1 || (dtype != DT_FLOAT && dtype != DT_DOUBLE)) {
                return null;
            }
            int width = dtype == DT_FLOAT ? 4 : 8;
            if (content != null && content.length == width) {
                ByteBuffer le = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
                return dtype == DT_FLOAT ? (double) le.getFloat() : le.getDouble();
            }
            return values.size() == 1 ? values.get(0) : null;
        }
    }

    private static Tensor tensor(CodedInputStream in) throws IOException {
        Tensor tensor = new Tensor();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> tensor.dtype = in.readEnum();
                case 2 -> tensor.elements = elements(in.readBytes().newCodedInput());
                case 4 -> tensor.content = in.readByteArray();
                case 5 -> repeated(in, wire, WireFormat.WIRETYPE_FIXED32, () -> (double) in.readFloat(), tensor.values);
                case 6 -> repeated(in, wire, WireFormat.WIRETYPE_FIXED64, in::readDouble, tensor.values);
                default -> in.skipField(tag);
            }
        }
        return tensor;
    }

    private interface Reading {
        double next() throws IOException;
    }

    /** A repeated float or double, packed (proto3's default) or one element per tag. */
    private static void repeated(CodedInputStream in, int wire, int elementWire, Reading read, List<Double> into)
            throws IOException {
        if (wire == elementWire) {
            into.add(read.next());
            return;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
            into.add(read.next());
        }
        in.popLimit(limit);
    }

    /** The element count of a TensorShapeProto: the product of its dims' sizes (1 for rank 0). */
    private static long elements(CodedInputStream in) throws IOException {
        long elements = 1;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 2) {
                CodedInputStream dim = in.readBytes().newCodedInput();
                long size = 1;
                for (int t = dim.readTag(); t != 0; t = dim.readTag()) {
                    if (WireFormat.getTagFieldNumber(t) == 1) {
                        size = dim.readInt64();
                    } else {
                        dim.skipField(t);
                    }
                }
                elements *= size;
            } else if (WireFormat.getTagFieldNumber(tag) == 3 && in.readBool()) {
                return -1; // unknown rank
            } else if (WireFormat.getTagFieldNumber(tag) != 3) {
                in.skipField(tag);
            }
        }
        return elements;
    }
}
