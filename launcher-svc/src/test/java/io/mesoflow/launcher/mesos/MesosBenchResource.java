package io.mesoflow.launcher.mesos;

/** The simulator for the benchmark: its own masters, so the launcher starts fresh and subscribes to them. */
public class MesosBenchResource extends MesosSimulatorResource {
}
