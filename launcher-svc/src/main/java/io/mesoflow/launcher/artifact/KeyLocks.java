package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per cache key, held in this process (a {@link ReentrantLock}) and between processes (a file
 * lock on {@code <root>/<key>.lock}): whoever holds it alone may read, build, replace or evict the
 * key's entry. The lock files stay: deleting one while another process waits on it would let two
 * holders in.
 */
final class KeyLocks {
    private final Path root;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    KeyLocks(Path root) {
        this.root = root;
    }

    /** The key's lock, held until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** Waits for {@code key}'s lock. */
    Held hold(String key) throws IOException {
        return acquire(key, true);
    }

    /** {@code key}'s lock if nobody holds it now, else null. */
    Held tryHold(String key) throws IOException {
        return acquire(key, false);
    }

    /** The process's lock, then the file's: both held (waiting for them when {@code wait}), or neither (null). */
    private Held acquire(String key, boolean wait) throws IOException {
        ReentrantLock lock = lockOf(key);
        if (wait) {
            lock.lock();
        } else if (!lock.tryLock()) {
            return null;
        }
        boolean taken = false;
        try {
            FileChannel channel = channel(key);
            try {
                FileLock file = wait ? channel.lock() : channel.tryLock();
                if (file != null) {
                    taken = true;
                    return held(lock, channel, file);
                }
                return null;
            } finally {
                if (!taken) {
                    channel.close();
                }
            }
        } finally {
            if (!taken) {
                lock.unlock();
            }
        }
    }

    /** Whether a request in this process holds or waits for {@code key}'s lock. */
    boolean busy(String key) {
        ReentrantLock lock = locks.get(key);
        return lock != null && (lock.isLocked() || lock.hasQueuedThreads());
    }

    private ReentrantLock lockOf(String key) {
        return locks.computeIfAbsent(key, k -> new ReentrantLock());
    }

    private FileChannel channel(String key) throws IOException {
        return FileChannel.open(root.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static Held held(ReentrantLock lock, FileChannel channel, FileLock file) {
        return () -> {
            try {
                file.release();
                channel.close();
            } finally {
                lock.unlock();
            }
        };
    }
}
