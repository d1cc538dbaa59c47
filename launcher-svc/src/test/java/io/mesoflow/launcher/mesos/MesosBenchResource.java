package io.mesoflow.launcher.mesos;

import java.util.HashMap;
import java.util.Map;

/**
 * The simulator for the benchmark: its own masters, so the launcher starts fresh and subscribes to
 * them. The launcher waits 20 heartbeats (10 s) before it calls the link dead: with the tests' 3
 * (1.5 s) a stall of the loaded 2-core machine made it resubscribe mid-run, which voids every
 * offer, and the whole run was reported LOST.
 */
public class MesosBenchResource extends MesosSimulatorResource {
    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(super.start());
        settings.put("mesoflow.launcher.mesos.missed-heartbeats", "20");
        return settings;
    }
}
