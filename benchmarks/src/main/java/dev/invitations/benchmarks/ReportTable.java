package dev.invitations.benchmarks;

import static dev.invitations.benchmarks.Report.number;

import java.io.PrintStream;
import java.util.List;

/** The report as aligned text for a console: the figures of each scenario, then the targets met or missed. */
final class ReportTable {

    private static final String ROW = "  %-52s %s%n";

    private ReportTable() {
    }

    static void print(Report report, PrintStream out) {
        Report.Machine machine = report.machine();
        out.printf("%n=== Benchmark results (%s) ===%n", report.command());
        out.printf("Machine: %d cores, %,d MB, %s, %s; load average %.2f at start; %s; %.0f s in all%n", machine.cores(),
                machine.memoryMb(), machine.jdk(), machine.os(), machine.loadAverage(), report.system(), report.seconds());
        if (report.bulkSend() != null) {
            bulkSend(report.bulkSend(), out);
        }
        if (report.redemption() != null) {
            redemption(report.redemption(), out);
        }
        if (report.consumption() != null) {
            consumption(report.consumption(), out);
        }
        if (report.smtpCeiling() != null) {
            smtpCeiling(report.smtpCeiling(), out);
        }
        if (report.dbCeiling() != null) {
            dbCeiling(report.dbCeiling(), out);
        }
        if (report.kafkaCeiling() != null) {
            kafkaCeiling(report.kafkaCeiling(), out);
        }
        if (report.ratios() != null) {
            out.printf("%nAgainst the ceilings (system / ceiling: what compares across runs on a shared machine)%n");
            for (Report.Ratio ratio : report.ratios()) {
                out.printf("  %-58s %10s  /  %-40s %10s  = %s%n", ratio.figure(), number(ratio.system()), ratio.ceiling(),
                        number(ratio.ceilingFigure()), String.format("%.3f", ratio.ratio()));
            }
        }
        if (report.failures() != null) {
            report.failures().forEach((scenario, error) -> out.printf("%n%s FAILED: %s%n", scenario, error));
        }
        out.printf("%nTargets%n  %-12s %-60s %-22s %-12s %s%n", "scenario", "what", "measured", "target", "");
        for (Report.Check check : report.checks()) {
            out.printf("  %-12s %-60s %-22s %-12s %s%n", check.scenario(), check.what(), check.measured(), check.target(),
                    check.met() ? "met" : "MISSED");
        }
    }

    private static void bulkSend(BulkSendScenario.Result bulk, PrintStream out) {
        out.printf("%nBulk send: %,d invitations%s%n", bulk.emails(), bulk.complete() ? "" : " (INCOMPLETE)");
        out.printf(ROW, "setup (contacts + invitations created)", number(bulk.setupSeconds()) + " s");
        for (BulkSendScenario.SendCall call : bulk.sendCalls()) {
            out.printf(ROW, "bulk-send call of " + String.format("%,d", call.invitations()) + " ids",
                    number(call.seconds()) + " s, " + call.accepted() + " accepted, " + call.rejected() + " rejected");
        }
        out.printf(ROW, "time until every email was accepted by SMTP", number(bulk.secondsUntilAllAccepted()) + " s");
        out.printf(ROW, "rate, first send call to last email", number(bulk.emailsPerSecond()) + " emails/s");
        out.printf(ROW, "steady rate (10th to 90th percentile of arrivals)", number(bulk.steadyEmailsPerSecond()) + " emails/s");
        latency("latency send call -> mailbox", bulk.sendToMailbox(), out);
        out.printf(ROW, "distinct emails received / lost / duplicated",
                bulk.received() + " / " + bulk.lost() + " / " + bulk.duplicates());
        resources(bulk.resources(), out);
    }

    private static void redemption(RedemptionScenario.Result redemption, PrintStream out) {
        out.printf("%nRedemption: %d concurrent clients%s%n", redemption.redeemers(),
                redemption.complete() ? "" : " (INCOMPLETE)");
        phase("race", redemption.race(), out);
        for (RedemptionScenario.Contended race : redemption.contended()) {
            out.printf(ROW, "  contended, max " + race.maxRedemptions() + ", " + race.contenders() + " contenders",
                    race.successes() + " succeeded, " + race.conflicts() + " refused 409, " + race.others()
                            + " other; shows " + race.countShown() + (race.exact() ? "  exact" : "  WRONG"));
        }
        phase("rush", redemption.rush(), out);
        out.printf(ROW, "effects applied by both consumers, after the rush",
                number(redemption.effectsAppliedSecondsAfterRush()) + " s");
        resources(redemption.resources(), out);
    }

    private static void phase(String name, RedemptionScenario.Phase phase, PrintStream out) {
        out.printf(ROW, name + ": calls made / planned", phase.completed() + " / " + phase.attempts()
                + " in " + number(phase.seconds()) + " s, statuses " + phase.statuses());
        out.printf(ROW, name + ": redemptions/s", number(phase.redemptionsPerSecond()));
        latency(name + ": latency", phase.latency(), out);
    }

    private static void consumption(ConsumptionScenario.Result consumption, PrintStream out) {
        out.printf("%nEvent consumption: %,d InvitationRedeemed events%s%n", consumption.events(),
                consumption.complete() ? "" : " (INCOMPLETE)");
        out.printf(ROW, "published in", number(consumption.publishSeconds()) + " s");
        for (ConsumptionScenario.Applied applied : List.of(consumption.redemptionActivities(),
                consumption.workflowRunsRecorded(), consumption.workflowRunsCompleted())) {
            out.printf(ROW, applied.what(), applied.complete()
                    ? number(applied.eventsPerSecond()) + " events/s (all in " + number(applied.seconds()) + " s)"
                    : "not all before the deadline");
        }
        resources(consumption.resources(), out);
    }

    private static void smtpCeiling(SmtpCeiling.Result smtp, PrintStream out) {
        out.printf("%nSMTP ceiling: %,d emails into the %s, %d pooled connections%s%n", smtp.emails(), smtp.mailServer(),
                smtp.poolSize(), smtp.complete() ? "" : " (INCOMPLETE)");
        out.printf(ROW, "email size: the system's invitation / the ceiling's mean",
                smtp.systemMailBytes() + " / " + number(smtp.meanMailBytes()) + " bytes");
        out.printf(ROW, "rate, first email handed over to last accepted", number(smtp.emailsPerSecond())
                + " emails/s (all in " + number(smtp.seconds()) + " s)");
        out.printf(ROW, "rate of the last fifth of arrivals", number(smtp.lastFifthPerSecond()) + " emails/s");
        out.printf(ROW, "received / lost / duplicated / refused",
                smtp.received() + " / " + smtp.lost() + " / " + smtp.duplicates() + " / " + smtp.refused());
        resources(smtp.resources(), out);
    }

    private static void dbCeiling(DbCeiling.Result db, PrintStream out) {
        out.printf("%nDatabase ceiling: the redemption's SQL, %d JDBC clients%s%n", db.clients(),
                db.complete() ? "" : " (INCOMPLETE)");
        out.printf(ROW, "transactions committed / planned", db.completed() + " / " + db.transactions() + " in "
                + number(db.seconds()) + " s");
        out.printf(ROW, "transactions/s", number(db.transactionsPerSecond()));
        latency("transaction latency", db.latency(), out);
        resources(db.resources(), out);
    }

    private static void kafkaCeiling(KafkaCeiling.Result kafka, PrintStream out) {
        out.printf("%nKafka ceiling: %,d events of %d bytes (an InvitationSent with its headers)%s%n", kafka.events(),
                kafka.eventBytes(), kafka.complete() ? "" : " (INCOMPLETE)");
        out.printf(ROW, "produced (acks=all, idempotent, linger 5 ms)", number(kafka.producedPerSecond())
                + " events/s (all in " + number(kafka.produceSeconds()) + " s)");
        out.printf(ROW, "consumed (one consumer, 500 per poll)", number(kafka.consumedPerSecond()) + " events/s ("
                + kafka.consumed() + " in " + number(kafka.consumeSeconds()) + " s)");
        resources(kafka.resources(), out);
    }

    private static void latency(String name, Latencies latency, PrintStream out) {
        out.printf(ROW, name + " p50 / p95 / p99 / max", number(latency.p50()) + " / " + number(latency.p95()) + " / "
                + number(latency.p99()) + " / " + number(latency.max()) + " ms (" + latency.count() + " samples)");
    }

    private static void resources(ProcessMonitor.Usage usage, PrintStream out) {
        out.printf("  %-26s %10s %10s %10s   (over %.0f s; machine %.0f%% busy, load %.2f at the end)%n", "process",
                "max RSS MB", "peak MB", "CPU s", usage.seconds(), usage.machineBusyPercent(), usage.loadAverage());
        for (ProcessMonitor.ProcessUsage process : usage.processes()) {
            out.printf("  %-26s %10s %10s %10s%n", process.name(), orDash(process.maxRssMb()), orDash(process.peakRssMb()),
                    number(process.cpuSeconds()));
        }
    }

    private static String orDash(Long value) {
        return value == null ? "-" : value.toString();
    }
}
