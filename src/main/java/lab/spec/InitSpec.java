package lab.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the weights and biases of every layer start.
 *
 * <ul>
 *   <li>{@code torch-default}: weights and biases from U(-1/sqrt(fan_in), +1/sqrt(fan_in)), what
 *       PyTorch's {@code nn.Linear} does, so runs compare with the seed notes;
 *   <li>{@code uniform(a,b)}: weights and biases from U(a, b) (seed note 000's "xavier" branch
 *       really calls {@code nn.init.uniform_}, i.e. U(0, 1));
 *   <li>{@code xavier}: Glorot uniform weights U(±sqrt(6/(fan_in+fan_out))), zero biases;
 *   <li>{@code normal(mean,std)}: weights from N(mean, std), zero biases (Raschka ch. 11).
 * </ul>
 */
public record InitSpec(Kind kind, double a, double b) {

  public enum Kind { TORCH_DEFAULT, UNIFORM, XAVIER, NORMAL }

  public static final String ALLOWED =
      "torch-default, xavier, uniform(a,b) with a < b, or normal(mean,std) with std > 0";

  private static final Pattern CALL =
      Pattern.compile("(uniform|normal)\\(\\s*([-+0-9.eE]+)\\s*,\\s*([-+0-9.eE]+)\\s*\\)");

  /** The init a spec string names, or null when it names none. */
  public static InitSpec parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("torch-default")) return new InitSpec(Kind.TORCH_DEFAULT, 0, 0);
    if (t.equals("xavier")) return new InitSpec(Kind.XAVIER, 0, 0);
    Matcher m = CALL.matcher(t);
    if (!m.matches()) return null;
    double a;
    double b;
    try {
      a = Double.parseDouble(m.group(2));
      b = Double.parseDouble(m.group(3));
    } catch (NumberFormatException e) {
      return null;
    }
    if (!Double.isFinite(a) || !Double.isFinite(b)) return null;
    if (m.group(1).equals("uniform")) return a < b ? new InitSpec(Kind.UNIFORM, a, b) : null;
    return b > 0 ? new InitSpec(Kind.NORMAL, a, b) : null;
  }
}
