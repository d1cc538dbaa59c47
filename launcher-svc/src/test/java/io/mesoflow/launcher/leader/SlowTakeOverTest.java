package io.mesoflow.launcher.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.launcher.LauncherConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A take-over that lasts longer than the lease (a slow host adopting many tasks): the lease is
 * renewed meanwhile, so the new leader keeps leading instead of stepping down and taking over again.
 */
class SlowTakeOverTest {
    static final Duration LEASE = Duration.ofMillis(1500);

    final InMemoryLease store = new InMemoryLease();
    final AtomicInteger takeOvers = new AtomicInteger();
    final AtomicInteger stepDowns = new AtomicInteger();
    final CountDownLatch tookOver = new CountDownLatch(1);
    LeaderElector elector;

    @AfterEach
    void stop() throws InterruptedException {
        if (elector != null) {
            elector.stop(null);
        }
    }

    @Test
    void aTakeOverLongerThanTheLeaseKeepsTheLeaseAndHappensOnce() throws Exception {
        elector = electorWhoseTakeOverLasts(LEASE.multipliedBy(2));
        elector.start(null);

        assertThat(tookOver.await(20, TimeUnit.SECONDS)).as("the take-over ended").isTrue();
        Thread.sleep(LEASE.toMillis() / 2);

        assertThat(elector.acting()).as("still the leader after a take-over of 2 leases").isTrue();
        assertThat(takeOvers).as("one take-over").hasValue(1);
        assertThat(stepDowns).as("no step-down").hasValue(0);
        assertThat(store.epoch).as("the lease was acquired once").isEqualTo(1);
    }

    @Test
    void aTakeOverDuringWhichAnotherLauncherTookTheLeaseStepsDown() throws Exception {
        elector = electorWhoseTakeOverLasts(LEASE);
        store.takenByAnotherDuringTakeOver = true;
        elector.start(null);

        assertThat(tookOver.await(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);

        assertThat(elector.acting()).isFalse();
        assertThat(stepDowns).as("stepped down after its take-over").hasValue(1);
        assertThat(takeOvers).as("and did not take over again: the other holds the lease").hasValue(1);
    }

    LeaderElector electorWhoseTakeOverLasts(Duration takeOver) {
        Leadership slow = new Leadership() {
            @Override
            public void takeOver() {
                takeOvers.incrementAndGet();
                store.takingOver = true;
                try {
                    Thread.sleep(takeOver.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                tookOver.countDown();
            }

            @Override
            public void stepDown() {
                stepDowns.incrementAndGet();
            }

            @Override
            public int order() {
                return 0;
            }
        };
        LeaderElector e = new LeaderElector() {
            @Override
            List<Leadership> ordered() {
                return List.of(slow);
            }
        };
        e.config = config();
        e.store = store;
        e.metrics = new SimpleMeterRegistry();
        return e;
    }

    static LauncherConfig config() {
        LauncherConfig.Leader leader = (LauncherConfig.Leader) Proxy.newProxyInstance(
                LauncherConfig.Leader.class.getClassLoader(), new Class<?>[] {LauncherConfig.Leader.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lease" -> LEASE;
                    case "renewInterval" -> Duration.ofMillis(300);
                    case "standbyPollInterval" -> Duration.ofMillis(100);
                    case "instanceId" -> Optional.of("launcher-under-test");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (LauncherConfig) Proxy.newProxyInstance(LauncherConfig.class.getClassLoader(),
                new Class<?>[] {LauncherConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("leader")) {
                        return leader;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The lease row, in memory, by the monotonic clock. */
    static final class InMemoryLease extends LeaseStore {
        String holder;
        long epoch;
        long expiresAt = System.nanoTime();
        volatile boolean takingOver;
        volatile boolean takenByAnotherDuringTakeOver;

        @Override
        public synchronized OptionalLong tryAcquire(String who, Duration lease) {
            if (System.nanoTime() - expiresAt < 0) {
                return OptionalLong.empty();
            }
            holder = who;
            epoch++;
            expiresAt = System.nanoTime() + lease.toNanos();
            return OptionalLong.of(epoch);
        }

        @Override
        public synchronized boolean renew(String who, long term, Duration lease) {
            if (takingOver && takenByAnotherDuringTakeOver) {
                holder = "launcher-elsewhere"; // took the lease and holds it
                epoch++;
                expiresAt = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
                takenByAnotherDuringTakeOver = false;
            }
            if (!who.equals(holder) || term != epoch) {
                return false;
            }
            expiresAt = System.nanoTime() + lease.toNanos();
            return true;
        }

        @Override
        public synchronized void release(String who, long term) {
            if (who.equals(holder) && term == epoch) {
                expiresAt = System.nanoTime();
            }
        }
    }
}
