package io.github.rebalancedecs.runtime.executor;

/** The result of one reconcile step. */
public enum ReconcileOutcome {
    /** Nothing to do, or the planner gave a reason not to act. */
    NO_ACTION(true),
    /** A plan with moves was computed but not carried out: dry run or outside the window. */
    PLANNED(true),
    /** An operation started. */
    STARTED(false),
    /** An operation is in flight and waits for ECS. */
    WAITING(false),
    /** An operation ended and its moves landed. */
    COMPLETED(true),
    /** ECS put the moved task back into the zone it left; the planner waits for a cooldown. */
    INEFFECTIVE(true),
    /** An operation was undone: timeout, deployment, or no way to choose the tasks to stop. */
    ROLLED_BACK(true),
    /** Someone else changed the desired count; the executor undid only its own changes. */
    DEFERRED(true),
    /**
     * A read or a call failed, and the recorded state lets the next run continue. Also reported
     * when dry run finds an operation in flight, which only a run that may change ECS can finish.
     */
    FAILED(true);

    private final boolean terminal;

    ReconcileOutcome(boolean terminal) {
        this.terminal = terminal;
    }

    /** Returns true when the run has nothing more to wait for. */
    public boolean isTerminal() {
        return terminal;
    }
}
