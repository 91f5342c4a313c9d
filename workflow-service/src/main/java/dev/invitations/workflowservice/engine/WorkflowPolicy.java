package dev.invitations.workflowservice.engine;

import io.serverlessworkflow.api.types.CallTask;
import io.serverlessworkflow.api.types.Task;
import io.serverlessworkflow.api.types.TaskItem;
import io.serverlessworkflow.api.types.TryTaskCatch;
import io.serverlessworkflow.api.types.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * What a schema-valid document may still not do here. Workflows are registered over HTTP and run inside the service,
 * so the DSL features that reach beyond "call HTTP endpoints and shape data" are refused at registration rather than
 * discovered at run time: shell commands would run on this host, a listen task would wait for events this service
 * never delivers, a schedule would start runs nobody redeemed, and the other call kinds need engine modules that are
 * not installed (custom functions would even be fetched from a public catalog).
 */
final class WorkflowPolicy {

    static List<String> violations(Workflow workflow) {
        List<String> violations = new ArrayList<>();
        if (workflow.getSchedule() != null) {
            violations.add("/schedule: runs start when an invitation is redeemed; schedules are not supported");
        }
        walk(workflow.getDo(), "/do", violations);
        return violations;
    }

    private static void walk(List<TaskItem> items, String path, List<String> violations) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            TaskItem item = items.get(i);
            check(item.getTask(), path + "/" + i + "/" + item.getName(), violations);
        }
    }

    private static void check(Task task, String at, List<String> violations) {
        if (task.getRunTask() != null) {
            violations.add(at + ": run tasks (shell, script, container, workflow) are not allowed");
        }
        if (task.getListenTask() != null) {
            violations.add(at + ": listen tasks are not supported; no events are delivered to workflows");
        }
        CallTask call = task.getCallTask();
        if (call != null && call.getCallHTTP() == null) {
            violations.add(at + ": only 'call: http' is supported (openapi, grpc, asyncapi, a2a and custom functions are not)");
        }
        if (task.getDoTask() != null) {
            walk(task.getDoTask().getDo(), at + "/do", violations);
        }
        if (task.getForTask() != null) {
            walk(task.getForTask().getDo(), at + "/do", violations);
        }
        if (task.getForkTask() != null && task.getForkTask().getFork() != null) {
            walk(task.getForkTask().getFork().getBranches(), at + "/fork/branches", violations);
        }
        if (task.getTryTask() != null) {
            walk(task.getTryTask().getTry(), at + "/try", violations);
            TryTaskCatch handler = task.getTryTask().getCatch();
            if (handler != null) {
                walk(handler.getDo(), at + "/catch/do", violations);
            }
        }
    }

    private WorkflowPolicy() {
    }
}
