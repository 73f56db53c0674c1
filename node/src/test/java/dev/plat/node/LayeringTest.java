package dev.plat.node;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verticle modules depend on cluster-config and docker-client only, never on each other. */
class LayeringTest {
  private static final String[] VERTICLES = {"builder", "controller", "proxy", "gateway"};
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.plat");
  }

  @Test
  void verticle_modules_do_not_depend_on_each_other() {
    for (String module : VERTICLES) {
      for (String other : VERTICLES) {
        if (!module.equals(other)) {
          noClasses().that().resideInAPackage("dev.plat." + module + "..")
            .should().dependOnClassesThat().resideInAPackage("dev.plat." + other + "..")
            .because("verticle modules talk over the event bus, not by calling each other")
            .check(classes);
        }
      }
    }
  }

  @Test
  void shared_modules_do_not_depend_on_verticles_or_the_node() {
    noClasses().that().resideInAnyPackage("dev.plat.cluster..", "dev.plat.docker..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.plat.builder..", "dev.plat.controller..",
        "dev.plat.proxy..", "dev.plat.gateway..", "dev.plat.node..", "dev.plat.cli..")
      .check(classes);
  }

  @Test
  void nothing_outside_the_controller_uses_its_implementation() {
    noClasses().that().resideOutsideOfPackage("dev.plat.controller..")
      .should().dependOnClassesThat().resideInAPackage("dev.plat.controller.impl..")
      .because("the controller's contract is dev.plat.controller; impl is its own business")
      .check(classes);
  }

  @Test
  void controller_impl_types_are_package_private_except_its_doors() {
    // ControllerParts: the factory the verticle and the contract interfaces build from;
    // ControllerCore: the composition root the verticle drives; OnContext: context-bound wrappers;
    // DockerPoolBackend: built by PoolBackend.docker (to go through ControllerParts too).
    classes().that().resideInAPackage("dev.plat.controller.impl").and().areTopLevelClasses()
      .and().doNotHaveSimpleName("ControllerParts").and().doNotHaveSimpleName("ControllerCore")
      .and().doNotHaveSimpleName("OnContext").and().doNotHaveSimpleName("DockerPoolBackend")
      .should().notBePublic()
      .because("impl hides behind a few public factories, as vertx-http-proxy's impl does")
      .check(classes);
  }

  @Test
  void controller_parts_do_not_reach_the_composition_root() {
    noClasses().that().resideInAPackage("dev.plat.controller.impl")
      .and().doNotHaveSimpleName("ControllerCore").and().doNotHaveSimpleName("ControllerParts")
      .should().dependOnClassesThat().haveFullyQualifiedName("dev.plat.controller.impl.ControllerCore")
      .because("each action and handler gets its dependencies through its constructor, not from a locator")
      .check(classes);
  }

  @Test
  void the_proxys_http1_codec_knows_nothing_of_the_rest_of_the_proxy() {
    noClasses().that().resideInAPackage("dev.plat.proxy.http1..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.plat.proxy", "dev.plat.proxy.dispatch..",
        "dev.plat.proxy.downstream..", "dev.plat.proxy.upstream..")
      .because("reading and writing HTTP/1.x is a codec: heads and bodies, no invocations or connections")
      .check(classes);
  }

  @Test
  void the_proxys_upstream_side_knows_nothing_of_dispatch_or_the_caller() {
    noClasses().that().resideInAPackage("dev.plat.proxy.upstream..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.plat.proxy", "dev.plat.proxy.dispatch..",
        "dev.plat.proxy.downstream..")
      .because("connections to instances serve any Exchange; the dispatcher and the downstream side use them")
      .check(classes);
  }

  @Test
  void the_proxys_caller_side_reaches_dispatch_only_through_its_entry_points() {
    noClasses().that().resideInAPackage("dev.plat.proxy.downstream..")
      .should().dependOnClassesThat(resideInAPackage("dev.plat.proxy.dispatch..")
        .and(not(nameMatching("dev\\.plat\\.proxy\\.dispatch\\.(ProxyCore|Downstream|Downstream\\$Listener)"))))
      .because("the caller's side starts invocations (ProxyCore) and serves them as a Downstream; "
        + "how an instance is chosen and an exchange driven is dispatch's own business")
      .check(classes);
  }

  @Test
  void dispatch_knows_the_caller_only_as_a_downstream() {
    noClasses().that().resideInAPackage("dev.plat.proxy.dispatch..")
      .and().doNotHaveSimpleName("ProxyCore").and().doNotHaveSimpleName("Tunnel")
      .should().dependOnClassesThat().resideInAPackage("dev.plat.proxy.downstream..")
      .because("an invocation serves any Downstream; only ProxyCore (the fast path, the Vert.x path) and "
        + "Tunnel (an upgrade's Vert.x request) make the adapters")
      .check(classes);
  }

  @Test
  void only_vertx_pipelines_knows_vertx_connection_internals() {
    noClasses().that().resideInAPackage("dev.plat..").and().doNotHaveFullyQualifiedName("dev.plat.cluster.VertxPipelines")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core.http.impl..", "io.vertx.core.net.impl..")
      .because("Vert.x's connection classes and pipeline layout change between versions: one class meets them")
      .check(classes);
  }

  @Test
  void the_layering_rule_sees_the_verticle_classes() {
    // Guards against a rule that passes because it imported nothing.
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.plat.gateway.GatewayVerticle"));
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.plat.controller.ControllerVerticle"));
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.plat.proxy.http1.RawRequest"));
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.plat.proxy.upstream.UpstreamConnection"));
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.plat.proxy.dispatch.Invocation"));
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.plat.proxy.downstream.FastPath"));
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain("dev.plat.controller.impl.Converger"));
  }
}
