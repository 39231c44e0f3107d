package dev.webserv.boot;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The starter is an adapter around the core's public API: it names types from the root
 * package, {@code config} and {@code events} only (and, once it exists, the exchange
 * API), never the core's internal packages.
 */
@AnalyzeClasses(packages = "dev.webserv.boot", importOptions = ImportOption.DoNotIncludeTests.class)
class StarterArchitectureTest {

	/** The core's public API packages; "dev.webserv" is the root package alone. */
	static final String[] CORE_API = { "dev.webserv", "dev.webserv.config..", "dev.webserv.events.." };

	@ArchTest
	static final ArchRule theStarterUsesOnlyTheCoresPublicApi = noClasses().that()
		.resideInAPackage("dev.webserv.boot..")
		.should()
		.dependOnClassesThat(resideInAPackage("dev.webserv..").and(resideInAnyPackage(CORE_API).negate())
			.and(resideInAPackage("dev.webserv.boot..").negate()))
		.because("the core's other packages are internal: public for its own wiring, not for the starter");

}
