package io.mesoflow.launcher.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Counts this host's NVIDIA GPUs with {@code nvidia-smi}; no nvidia-smi, or any failure, means no GPUs. */
public final class GpuDetector {
    private static final Logger LOG = Logger.getLogger(GpuDetector.class);

    private GpuDetector() {
    }

    public static int detect() {
        return detect("nvidia-smi");
    }

    static int detect(String command) {
        try {
            Process p = new ProcessBuilder(command, "--query-gpu=index", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("nvidia-smi did not answer in 10 s: offering no GPUs");
                return 0;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                LOG.infof("nvidia-smi failed (exit %d): offering no GPUs", p.exitValue());
                return 0;
            }
            return (int) out.lines().map(String::strip).filter(l -> l.matches("\\d+")).count();
        } catch (IOException e) {
            LOG.info("no nvidia-smi on this host: offering no GPUs");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
