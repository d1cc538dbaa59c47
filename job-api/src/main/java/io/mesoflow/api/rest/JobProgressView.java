package io.mesoflow.api.rest;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mesoflow.api.service.ScalarSeries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/jobs/{id}/progress}: the latest progress (null before the first reading) and
 * every scalar series, tag to {@code [[step, value], ...]} in step order (a value that is no finite
 * number, such as a NaN loss, is null).
 */
public record JobProgressView(ProgressView progress, Map<String, List<Point>> series) {
    /** One point, written as {@code [step, value]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"step", "value"})
    public record Point(long step, Double value) {
    }

    static JobProgressView of(ProgressView progress, Map<String, List<ScalarSeries.Point>> series) {
        Map<String, List<Point>> shown = new LinkedHashMap<>();
        series.forEach((tag, points) -> shown.put(tag, points.stream()
                .map(p -> new Point(p.step(), Double.isFinite(p.value()) ? p.value() : null)).toList()));
        return new JobProgressView(progress, shown);
    }
}
