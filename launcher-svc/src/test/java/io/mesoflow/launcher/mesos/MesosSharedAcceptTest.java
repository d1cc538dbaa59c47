package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.TeamUsers;
import io.mesoflow.testing.mesos.AcceptValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/** Jobs placed to share one ACCEPT: one call a real master's checks take, every job's tasks its own operation. */
class MesosSharedAcceptTest {
    static final TeamUsers USERS = new TeamUsers("mesoflow", Map.of("ml", "ml-user", "vision", "cv-user"));

    static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("ml"))
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Protos.Offer offer(String id, double cpus) {
        return Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).setHostname("a1.cluster")
                .addResources(scalar("cpus", cpus)).addResources(scalar("mem", 4096)).addResources(scalar("disk", 1000))
                .addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("ml"))
                        .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                                .setBegin(31000).setEnd(31009))))
                .build();
    }

    static TaskPlacement task(String name, int port, String team) {
        return new TaskPlacement(name, 0, "a1", "a1.cluster", List.of("o1"), new Resources(0.5, 256, 0, 0),
                List.of(port), new LaunchSpec("https://a/t.zip", "python3 t.py", Map.of(), "/out", Map.of(), List.of(),
                team));
    }

    static Call shared() {
        return MesosCalls.accept("fw", List.of(
                new MesosCalls.JobTasks("job-a", List.of(task("worker-0", 31000, "ml")), Map.of()),
                new MesosCalls.JobTasks("job-b", List.of(task("worker-0", 31001, "vision"),
                        task("worker-1", 31002, "vision")), Map.of())),
                "ml", 0, USERS, MesosCalls.DEFAULT_PRELUDE);
    }

    @Test
    void twoJobsOnOneOfferAreOneAcceptNamingItOnceWithEachJobsTasksAsItsOwnOperations() {
        Call accept = shared();

        assertThat(accept.getAccept().getOfferIdsList()).extracting(Protos.OfferID::getValue).containsExactly("o1");
        assertThat(accept.getAccept().getOperationsList())
                .extracting(o -> o.getLaunchGroup().getTaskGroup().getTasks(0).getTaskId().getValue())
                .containsExactly("job-a.worker-0.0", "job-b.worker-0.0", "job-b.worker-1.0");
        assertThat(accept.getAccept().getOperationsList())
                .extracting(o -> o.getLaunchGroup().getTaskGroup().getTasks(0).getCommand().getUser())
                .containsExactly("ml-user", "cv-user", "cv-user");
    }

    @Test
    void aMastersChecksTakeEveryOperationWhenTheJobsFitTheOfferTogether() {
        List<AcceptValidator.Launch> judged = AcceptValidator.launches(List.of(offer("o1", 2)),
                shared().getAccept().getOperationsList(), "fw", "ml", Set.of(), id -> false);

        assertThat(judged).hasSize(3).allMatch(AcceptValidator.Launch::valid);
    }

    @Test
    void aMastersChecksRefuseTheOperationThatNoLongerFitsWhatTheEarlierOnesLeft() {
        List<AcceptValidator.Launch> judged = AcceptValidator.launches(List.of(offer("o1", 1.5)),
                shared().getAccept().getOperationsList(), "fw", "ml", Set.of(), id -> false);

        assertThat(judged).extracting(AcceptValidator.Launch::valid).containsExactly(true, true, false);
    }
}
