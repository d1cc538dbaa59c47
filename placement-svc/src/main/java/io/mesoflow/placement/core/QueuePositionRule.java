package io.mesoflow.placement.core;

/**
 * Whether a queued job's new queue position is worth a {@code QUEUED} status when its wait reason is
 * unchanged. Every placement moves every job behind it one place; saying each move would send one
 * status per queued job per placement, O(queue²) records on {@code mesoflow.job-status} while a
 * backlog drains (measured: 195 statuses per job placed with 150 queued, and placement, which reads
 * that topic too, fell 28,000 records behind). So positions are exact near the head of the queue,
 * where users watch them, and further back only a move of at least a fifth is said: a job's position
 * is published O(log n) times, not n times, on its way to the head.
 */
public final class QueuePositionRule {
    /** Positions up to here are always said exactly. */
    public static final int EXACT_UP_TO = 10;

    private QueuePositionRule() {
    }

    /**
     * @param published the position last published for the job (null: none yet)
     * @param position  its position after this pass (1 = next)
     */
    public static boolean worthPublishing(Integer published, int position) {
        if (published == null) {
            return true;
        }
        if (published == position) {
            return false;
        }
        return position <= EXACT_UP_TO || published <= EXACT_UP_TO || Math.abs(position - published) * 5 >= published;
    }
}
