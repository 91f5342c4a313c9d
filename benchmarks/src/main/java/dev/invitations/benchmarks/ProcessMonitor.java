package dev.invitations.benchmarks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memory and CPU of the system's processes over one scenario, from {@code /proc}: the largest resident set sampled
 * (VmRSS, every 250 ms), the process's own high-water mark (VmHWM, since it started), and the CPU seconds it spent.
 * PostgreSQL forks a process per connection, so its CPU is the postmaster's and every descendant's; its memory is
 * mostly shared buffers counted once per process, so no RSS is reported for it.
 */
final class ProcessMonitor implements AutoCloseable {

    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    /** USER_HZ: the unit of the CPU times in /proc/<pid>/stat, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** A process to watch; {@code withDescendants} adds its children's CPU (PostgreSQL's backends). */
    record Watched(String name, long pid, boolean withDescendants) {
    }

    /**
     * @param maxRssMb  largest VmRSS sampled during the scenario (null for PostgreSQL)
     * @param peakRssMb VmHWM at the end: the largest resident set since the process started
     * @param cpuSeconds user + system CPU spent during the scenario
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProcessUsage(String name, long pid, Long maxRssMb, Long peakRssMb, double cpuSeconds) {
    }

    /**
     * @param machineBusyPercent share of all cores' time not idle during the scenario (other builds included)
     * @param loadAverage        the 1-minute load average when the scenario ended
     */
    record Usage(double seconds, List<ProcessUsage> processes, double machineBusyPercent, double loadAverage) {
    }

    private final List<Watched> watched;
    private final Map<Long, Long> maxRssKb = new ConcurrentHashMap<>();
    private final Map<Long, Long> cpuTicksAtStart = new LinkedHashMap<>();
    private final long[] machineTicksAtStart;
    private final long started = System.nanoTime();
    private final Thread sampler;
    private volatile boolean stopped;

    private ProcessMonitor(List<Watched> watched) {
        this.watched = List.copyOf(watched);
        for (Watched process : watched) {
            cpuTicksAtStart.put(process.pid(), cpuTicks(process));
        }
        machineTicksAtStart = machineTicks();
        sample();
        sampler = new Thread(this::sampleUntilStopped, "benchmark-process-monitor");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ProcessMonitor start(List<Watched> watched) {
        return new ProcessMonitor(watched);
    }

    /** Stops sampling and reports; {@link #close()} only stops. */
    Usage finish() {
        close();
        sample();
        long[] machine = machineTicks();
        long busy = machine[0] - machineTicksAtStart[0];
        long total = machine[1] - machineTicksAtStart[1];
        List<ProcessUsage> usages = new ArrayList<>();
        for (Watched process : watched) {
            long ticks = cpuTicks(process) - cpuTicksAtStart.get(process.pid());
            Long maxRss = process.withDescendants() ? null : toMb(maxRssKb.get(process.pid()));
            Long peakRss = process.withDescendants() ? null : toMb(statusKb(process.pid(), "VmHWM:").orElse(-1));
            usages.add(new ProcessUsage(process.name(), process.pid(), maxRss, peakRss,
                    Math.round(ticks / TICKS_PER_SECOND * 10) / 10.0));
        }
        return new Usage(Math.round((System.nanoTime() - started) / 1e8) / 10.0, usages,
                total <= 0 ? Double.NaN : Math.round(1000.0 * busy / total) / 10.0, loadAverage());
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
        try {
            sampler.join(SAMPLE_EVERY.toMillis() * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleUntilStopped() {
        while (!stopped) {
            sample();
            try {
                Thread.sleep(SAMPLE_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        for (Watched process : watched) {
            if (!process.withDescendants()) {
                statusKb(process.pid(), "VmRSS:").ifPresent(kb -> maxRssKb.merge(process.pid(), kb, Math::max));
            }
        }
    }

    private static Long toMb(Long kb) {
        return kb == null || kb < 0 ? null : Math.round(kb / 1024.0);
    }

    static OptionalLong statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException exited) {
            // A process that exited has no status; the figure is then missing, not zero.
        }
        return OptionalLong.empty();
    }

    /** utime + stime, plus for PostgreSQL its reaped children's and its live descendants' (fields 14 to 17). */
    private static long cpuTicks(Watched process) {
        long[] own = stat(process.pid());
        if (!process.withDescendants()) {
            return own[0] + own[1];
        }
        long ticks = own[0] + own[1] + own[2] + own[3];
        for (long descendant : ProcessHandle.of(process.pid()).stream()
                .flatMap(ProcessHandle::descendants).mapToLong(ProcessHandle::pid).toArray()) {
            long[] times = stat(descendant);
            ticks += times[0] + times[1];
        }
        return ticks;
    }

    /** The command name may hold spaces and parentheses: fields are counted after its closing parenthesis. */
    private static long[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException exited) {
            return new long[4];
        }
    }

    /** {busy, total} ticks of all cores, from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
