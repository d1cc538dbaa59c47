package io.mesoflow.testing.mesos;

import static io.mesoflow.testing.mesos.Launches.ROLE;
import static io.mesoflow.testing.mesos.Launches.executor;
import static io.mesoflow.testing.mesos.Launches.group;
import static io.mesoflow.testing.mesos.Launches.ports;
import static io.mesoflow.testing.mesos.Launches.scalar;
import static io.mesoflow.testing.mesos.Launches.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.Test;

class AcceptValidatorTest {
    static final String FW = "fw-1";

    static Protos.Offer offer(String id, String agent, double cpus, double mem) {
        return Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(FW))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agent)).setHostname(agent)
                .addResources(scalar("cpus", cpus, ROLE)).addResources(scalar("mem", mem, ROLE))
                .addResources(scalar("disk", 1000, ROLE)).addResources(ports(31000, 31009, ROLE)).build();
    }

    static List<AcceptValidator.Launch> judge(List<Protos.Offer> offers, Protos.Offer.Operation... ops) {
        return AcceptValidator.launches(offers, List.of(ops), FW, ROLE, Set.of(), id -> false);
    }

    @Test
    void offersOfTwoAgentsMustNotBeAggregated() {
        Map<String, Protos.Offer> outstanding = Map.of("o1", offer("o1", "a1", 1, 64), "o2", offer("o2", "a2", 1, 64));

        String error = AcceptValidator.offersError(List.of("o1", "o2"), outstanding);

        assertThat(error).isEqualTo("Aggregated offers must belong to one single agent");
        assertThat(AcceptValidator.invalidOffersMessage(List.of("o1", "o2"), error))
                .isEqualTo("ACCEPT call used invalid offers '[ o1, o2 ]': Aggregated offers must belong to one single agent");
    }

    @Test
    void anOfferTheMasterNoLongerHoldsIsInvalid() {
        assertThat(AcceptValidator.offersError(List.of("o1", "gone"), Map.of("o1", offer("o1", "a1", 1, 64))))
                .isEqualTo("Offer gone is no longer valid");
        assertThat(AcceptValidator.offersError(List.of("o1"), Map.of("o1", offer("o1", "a1", 1, 64)))).isNull();
    }

    @Test
    void aGroupThatFitsTakesItsTasksAndItsExecutorsResources() {
        List<AcceptValidator.Launch> l = judge(List.of(offer("o1", "a1", 2, 1024)),
                group(executor(FW, "e1"), task("t1", "a1", "true", 1, 512).addResources(ports(31005, 31005, ROLE))));

        assertThat(l).singleElement().satisfies(x -> {
            assertThat(x.valid()).isTrue();
            assertThat(x.consumed().scalar("cpus")).isEqualTo(1.1);
            assertThat(x.consumed().scalar("mem")).isEqualTo(544);
            assertThat(x.consumed().scalar("disk")).isEqualTo(10);
        });
    }

    @Test
    void laterGroupsOnlyGetWhatEarlierGroupsOfTheCallLeft() {
        List<AcceptValidator.Launch> l = judge(List.of(offer("o1", "a1", 2, 4096)),
                group(executor(FW, "e1"), task("t1", "a1", "true", 1.5, 512)),
                group(executor(FW, "e2"), task("t2", "a1", "true", 1.5, 512)),
                group(executor(FW, "e3"), task("t3", "a1", "true", 0.3, 512)));

        assertThat(l).extracting(AcceptValidator.Launch::valid).containsExactly(true, false, true);
        assertThat(l.get(1).reason()).isEqualTo(Reason.REASON_TASK_GROUP_INVALID);
        assertThat(l.get(1).error()).startsWith("Task group is invalid: Total resources")
                .contains("required by task group and its executor are more than available");
    }

    @Test
    void portsOutsideTheOfferDoNotFit() {
        List<AcceptValidator.Launch> l = judge(List.of(offer("o1", "a1", 2, 4096)),
                group(executor(FW, "e1"), task("t1", "a1", "true", 1, 512).addResources(ports(32000, 32000, ROLE))));

        assertThat(l.get(0).error()).contains("more than available");
    }

    @Test
    void theExecutorMustBelongToTheFrameworkBeDefaultAndHaveItsMinimumsAndDisk() {
        Protos.Offer o = offer("o1", "a1", 4, 4096);
        assertThat(judge(List.of(o), group(executor(FW, "e").clearFrameworkId(), task("t", "a1", "true", 1, 64)))
                .get(0).error()).isEqualTo("Task group is invalid: 'ExecutorInfo.framework_id' must be set");
        assertThat(judge(List.of(o), group(executor(FW, "e").setType(Protos.ExecutorInfo.Type.CUSTOM),
                task("t", "a1", "true", 1, 64))).get(0).error()).contains("must be of type DEFAULT");
        assertThat(judge(List.of(o), group(executor(FW, "e").clearResources().addResources(scalar("cpus", 0.001, ROLE))
                .addResources(scalar("mem", 32, ROLE)).addResources(scalar("disk", 1, ROLE)),
                task("t", "a1", "true", 1, 64))).get(0).error()).contains("uses less CPUs (0.001)");
        assertThat(judge(List.of(o), group(executor(FW, "e").clearResources().addResources(scalar("cpus", 0.1, ROLE))
                .addResources(scalar("mem", 16, ROLE)).addResources(scalar("disk", 1, ROLE)),
                task("t", "a1", "true", 1, 64))).get(0).error()).contains("uses less memory (16.0 MB)");
        assertThat(judge(List.of(o), group(executor(FW, "e").clearResources().addResources(scalar("cpus", 0.1, ROLE))
                .addResources(scalar("mem", 32, ROLE)), task("t", "a1", "true", 1, 64))).get(0).error())
                .contains("has no 'disk' resource");
    }

    @Test
    void everyResourceMustBeAllocatedToTheOffersRole() {
        List<AcceptValidator.Launch> l = judge(List.of(offer("o1", "a1", 4, 4096)),
                group(executor(FW, "e"), task("t", "a1", "true", 1, 64).addResources(scalar("gpus", 0, "other"))
                        .addResources(Protos.Resource.newBuilder().setName("disk").setType(Protos.Value.Type.SCALAR)
                                .setScalar(Protos.Value.Scalar.newBuilder().setValue(1)))));

        assertThat(l.get(0).error()).contains("'gpus' (role 'other')", "'disk' (no allocation_info.role)",
                "not allocated to the offers' role 'ml'");
    }

    @Test
    void aTaskMustUseTheOffersAgentAndANewId() {
        Protos.Offer o = offer("o1", "a1", 4, 4096);
        assertThat(judge(List.of(o), group(executor(FW, "e"), task("t", "a2", "true", 1, 64))).get(0).error())
                .contains("uses agent 'a2' but the offers are for agent 'a1'");
        assertThat(AcceptValidator.launches(List.of(o), List.of(group(executor(FW, "e"), task("t", "a1", "true", 1, 64))),
                FW, ROLE, Set.of(), "t"::equals).get(0).error()).contains("duplicate ID");
    }

    @Test
    void anExecutorAlreadyRunningOnTheAgentIsNotChargedAgain() {
        List<AcceptValidator.Launch> l = AcceptValidator.launches(List.of(offer("o1", "a1", 1, 64)),
                List.of(group(executor(FW, "e"), task("t", "a1", "true", 1, 64))), FW, ROLE, Set.of("e"), id -> false);

        assertThat(l.get(0).valid()).isTrue();
        assertThat(l.get(0).consumed().scalar("cpus")).isEqualTo(1);
    }
}
