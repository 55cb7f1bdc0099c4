package lab.cli;

import lab.results.Provenance;
import picocli.CommandLine.IVersionProvider;

/** One version string everywhere: the one Maven builds into lab-build.properties. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"mlp-lab " + Provenance.build().getProperty("lab.version", "unknown")};
  }
}
