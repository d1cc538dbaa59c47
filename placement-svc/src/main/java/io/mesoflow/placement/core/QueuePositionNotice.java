package io.mesoflow.placement.core;

/**
 * Whether a waiting job whose reason did not change says its new queue position. Every job placed
 * moves every job behind it up by one: saying each move would cost a status per waiting job per pass
 * (a queue of n jobs, n² statuses while it drains). So the position a job shows is exact among the
 * first {@value #EXACT_UP_TO} and, behind them, said again once it moved by a tenth or more of the
 * position last said: each job says O(log n) positions on its way to the head.
 */
public final class QueuePositionNotice {
    /** Positions up to this one are always said exactly. */
    public static final int EXACT_UP_TO = 10;

    private QueuePositionNotice() {
    }

    /** @param said the position the job's last status showed, null when none did */
    public static boolean worthSaying(Integer said, int position) {
        if (said == null) {
            return true;
        }
        if (said == position) {
            return false;
        }
        if (position <= EXACT_UP_TO) {
            return true;
        }
        return Math.abs(position - said) * 10L >= said;
    }
}
