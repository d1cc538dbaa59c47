package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.PythonEnvironment;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskPlacement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A placed gang's launches carry a typed TF_CONFIG and no environment: the launcher builds that. */
class LaunchPlannerTest {
    static JobSpec spec(int ps, int workers) {
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        if (ps > 0) {
            roles.put("ps", RoleSpec.of(ps, 1, 128, 0));
        }
        roles.put("worker", new RoleSpec(workers, 1, 128, 0, 0, Map.of("lr", 0.5), null, List.of()));
        return new JobSpec("train", "ml", 0, "https://a/t.zip", "python3 t.py", Map.of("lr", 0.1, "steps", 10),
                "/out/ml/job-1", roles, List.of(), Map.of(), null, null, null, null, false);
    }

    static List<TaskPlacement> launches(JobSpec spec) {
        PlacementDecision decision = new GangPlacer(false).place(LaunchPlanner.demandsOf(spec),
                List.of(GangPlacerTest.agent("a1", 8, 8192, 0, 10)));
        return LaunchPlanner.launches("job-1", spec, (PlacementDecision.Placed) decision, 0);
    }

    @Test
    void eachLaunchCarriesItsTfConfigAsATypeAndNoVariables() {
        List<TaskPlacement> tasks = launches(spec(1, 2));

        Map<TaskName, String> addresses = new LinkedHashMap<>();
        tasks.forEach(t -> addresses.put(TaskName.parse(t.taskName()), t.hostname() + ":" + t.ports().get(0)));
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.launch().env()).isEmpty();
            assertThat(t.launch().tfConfig()).isEqualTo(TfConfigBuilder.build(addresses)
                    .get(TaskName.parse(t.taskName())));
        });
        assertThat(tasks.get(2).launch().tfConfig().task().type()).isEqualTo("worker");
        assertThat(tasks.get(2).launch().tfConfig().task().index()).isEqualTo(1);
    }

    @Test
    void aLaunchHasTheSpecsEntryPointOutputTeamAndTheRolesEffectiveContext() {
        LaunchSpec worker = launches(spec(1, 1)).get(1).launch();

        assertThat(worker.artifactUrl()).isEqualTo("https://a/t.zip");
        assertThat(worker.entryPoint()).isEqualTo("python3 t.py");
        assertThat(worker.outputDir()).isEqualTo("/out/ml/job-1");
        assertThat(worker.team()).isEqualTo("ml");
        assertThat(worker.context()).isEqualTo(Map.of("lr", 0.5, "steps", 10));
    }

    @Test
    void theTensorboardTaskRunsTensorBoardOnTheOutputFolderAndItsPortWithTheJobsEnvironment() {
        JobSpec base = spec(0, 1);
        Map<String, RoleSpec> roles = new LinkedHashMap<>(base.roles());
        roles.put("tensorboard", new RoleSpec(1, 0.1, 128, 0, 0, Map.of(), null, List.of(), "tensorflow/tensorflow:2.16.1"));
        JobSpec spec = new JobSpec("train", "ml", 0, "https://a/t.zip", "python3 t.py", Map.of(), "/out/ml/job-1",
                roles, List.of(), Map.of(), null, null, null, null, true, "registry.local/train:1",
                new PythonEnvironment(List.of("tensorflow-cpu", "tensorboard"), null), "ab".repeat(32));

        List<TaskPlacement> tasks = launches(spec);

        LaunchSpec worker = tasks.get(0).launch();
        LaunchSpec board = tasks.get(1).launch();
        assertThat(tasks.get(1).taskName()).isEqualTo("tensorboard-0");
        assertThat(board.entryPoint()).isEqualTo("exec \"${MESOFLOW_PYTHON:-python3}\" -m tensorboard.main "
                + "--logdir \"$MESOFLOW_OUTPUT_DIR\" --port \"$PORT0\" --bind_all");
        assertThat(board.tfConfig()).isNull();
        assertThat(board.image()).as("the role's own image").isEqualTo("tensorflow/tensorflow:2.16.1");
        assertThat(worker.image()).as("the job's image").isEqualTo("registry.local/train:1");
        assertThat(worker.entryPoint()).isEqualTo("python3 t.py");
        assertThat(List.of(worker, board)).allSatisfy(l -> {
            assertThat(l.python().requirements()).containsExactly("tensorflow-cpu", "tensorboard");
            assertThat(l.artifactSha256()).isEqualTo("ab".repeat(32));
        });
    }

    @Test
    void aSingleTaskJobsLaunchHasNoTfConfig() {
        assertThat(launches(spec(0, 1))).singleElement()
                .satisfies(t -> assertThat(t.launch().tfConfig()).isNull());
    }
}
