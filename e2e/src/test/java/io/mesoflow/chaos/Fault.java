package io.mesoflow.chaos;

import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** One thing that goes wrong in a chaos round, and how it is undone (a restart, as an orchestrator would). */
record Fault(String description, Runnable inject) {

    /** kill -9 of a random instance of a random service (7 in 10), else a broker or database crash. */
    static Fault pick(Random random, LocalStack stack) {
        int dice = random.nextInt(10);
        if (dice < 7) {
            List<String> services = LocalStack.SERVICES;
            List<ServiceProcess> instances = stack.instances(services.get(random.nextInt(services.size())));
            ServiceProcess victim = instances.get(random.nextInt(instances.size()));
            boolean leader = victim.isLeader();
            return new Fault("kill -9 " + victim.name() + (leader ? " (the leading launcher)" : ""), () -> {
                victim.kill();
                victim.start().awaitReady(Duration.ofSeconds(180));
            });
        }
        if (dice < 9) {
            return new Fault("kill -9 and restart the Kafka broker", () -> {
                stack.kafka().kill();
                stack.kafka().restart();
            });
        }
        return new Fault("crash and restart PostgreSQL", () -> stack.postgres().crashAndRestart());
    }
}
