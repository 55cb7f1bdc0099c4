package lab.scratch;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the scratch engine's temporary arrays live. ND4J frees an array's native memory only once
 * the Java garbage collector has found its small Java wrapper unreachable, and the wrappers put
 * so little pressure on the heap that collections come rarely: an MNIST run without workspaces
 * grew to 17 GB before the kernel killed it, after 25 of its 50 epochs. A workspace is one block
 * of native memory reused from one training step (or one evaluation) to the next; DL4J trains its
 * own layers in workspaces for the same reason.
 */
final class Workspaces {
  /** Learns its size in the first use, then grows (by reallocation) only if a pass needs more. */
  private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .overallocationLimit(0.2)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policyReset(ResetPolicy.BLOCK_LEFT)
      .policySpill(SpillPolicy.REALLOCATE)
      .build();

  private Workspaces() {}

  /** The workspace of one training step (forward, backward, update); one per thread. */
  static MemoryWorkspace trainingStep() {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, "lab-scratch-step");
  }

  /** The workspace of one evaluation (a whole data set at once: larger than a step's). */
  static MemoryWorkspace evaluation() {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, "lab-scratch-eval");
  }

  /**
   * An array shaped like {@code like} and filled with {@code value}, outside every workspace:
   * for what must outlive a step, such as an optimizer's running averages.
   */
  static INDArray persistent(INDArray like, double value) {
    try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return like.ulike().assign(value);
    }
  }
}
