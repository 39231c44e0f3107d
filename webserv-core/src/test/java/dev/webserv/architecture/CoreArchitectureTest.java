package dev.webserv.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;
import java.util.concurrent.Executor;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import dev.webserv.Webserv;

/**
 * The layering of webserv-core, held by the build: the rules DESIGN.md and the package
 * javadoc state in words. Main code only; tests may use anything.
 */
@AnalyzeClasses(packages = "dev.webserv", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

	@ArchTest
	static final ArchRule corePackagesFormNoCycles = slices().assignedFrom(new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass type) {
			String pkg = CorePackages.of(type);
			return pkg == null ? SliceIdentifier.ignore() : SliceIdentifier.of(pkg);
		}

		@Override
		public String getDescription() {
			return "core packages (the root's API types as one; Webserv, which assembles them, left out)";
		}

	}).should().beFreeOfCycles();

	@ArchTest
	static final ArchRule eachPackageUsesOnlyThePackagesItMayUse = classes().that()
		.resideInAPackage("dev.webserv..")
		.should(useOnlyAllowedCorePackages());

	@ArchTest
	static final ArchRule nothingButTheExampleDependsOnTheCompositionRoot = noClasses().that()
		.resideOutsideOfPackage("dev.webserv." + CorePackages.EXAMPLE + "..")
		.and()
		.doNotBelongToAnyOf(Webserv.class)
		.should()
		.dependOnClassesThat()
		.belongToAnyOf(Webserv.class);

	@ArchTest
	static final ArchRule theParserTouchesNoChannelsOrSockets = noClasses().that()
		.resideInAPackage("dev.webserv.parser..")
		.should()
		.dependOnClassesThat(resideInAPackage("java.nio.channels..")
			.or(resideInAPackage("java.net").and(simpleNameStartingWith("Socket")))
			.or(resideInAPackage("java.net").and(simpleNameStartingWith("ServerSocket")))
			.or(resideInAPackage("java.net").and(simpleNameStartingWith("DatagramSocket"))));

	@ArchTest
	static final ArchRule theCoreDependsOnTheJdkAlone = classes().that()
		.resideInAPackage("dev.webserv..")
		.should()
		.onlyDependOnClassesThat(resideInAnyPackage("dev.webserv..", "java..", "javax..", "jdk.."))
		.because("webserv-core is usable without Spring or any other library");

	@ArchTest
	static final ArchRule staticFieldsAreFinal = fields().that()
		.areDeclaredInClassesThat()
		.resideInAPackage("dev.webserv..")
		.and()
		.areStatic()
		.should()
		.beFinal()
		.because("two servers in one JVM share nothing: no static mutable state");

	@ArchTest
	static final ArchRule noStaticThreadsOrThreadLocals = noFields().that()
		.areDeclaredInClassesThat()
		.resideInAPackage("dev.webserv..")
		.and()
		.areStatic()
		.should()
		.haveRawType(ThreadLocal.class)
		.orShould()
		.haveRawType(JavaClass.Predicates.assignableTo(Executor.class))
		.because("threads and per-thread state belong to one running server, and stop() ends them");

	@ArchTest
	static final ArchRule theApiExposesNoInternalType = classes().that()
		.resideInAnyPackage("dev.webserv", "dev.webserv.config..", "dev.webserv.events..")
		.and()
		.arePublic()
		.should(exposeOnlyApiTypes());

	private static ArchCondition<JavaClass> useOnlyAllowedCorePackages() {
		return new ArchCondition<>("use only the core packages CorePackages.MAY_USE allows") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				String from = CorePackages.of(type);
				if (from == null) {
					return;
				}
				Set<String> allowed = CorePackages.MAY_USE.getOrDefault(from, Set.of());
				for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
					String to = CorePackages.of(dependency.getTargetClass());
					if (to != null && !to.equals(from) && !allowed.contains(to)) {
						events.add(SimpleConditionEvent.violated(dependency,
								from + " -> " + to + ": " + dependency.getDescription()));
					}
				}
			}

		};
	}

	private static ArchCondition<JavaClass> exposeOnlyApiTypes() {
		return new ArchCondition<>("name only API and JDK types in public signatures") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				for (JavaCodeUnit member : type.getCodeUnits()) {
					if (!member.getModifiers().contains(JavaModifier.PUBLIC)) {
						continue;
					}
					check(member.getFullName() + " returns", member.getRawReturnType(), events);
					for (JavaClass parameter : member.getRawParameterTypes()) {
						check(member.getFullName() + " takes", parameter, events);
					}
				}
				for (JavaField field : type.getFields()) {
					if (field.getModifiers().contains(JavaModifier.PUBLIC)) {
						check(field.getFullName() + " is", field.getRawType(), events);
					}
				}
			}

			private void check(String where, JavaClass exposed, ConditionEvents events) {
				String pkg = CorePackages.of(exposed);
				if (pkg != null && CorePackages.INTERNAL.contains(pkg)) {
					events.add(SimpleConditionEvent.violated(exposed, where + " internal type " + exposed.getName()));
				}
			}

		};
	}

}
