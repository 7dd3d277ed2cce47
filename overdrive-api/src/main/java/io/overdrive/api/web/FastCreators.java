package io.overdrive.api.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.bean.PropertyValueBuffer;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Calls the project's own multi-argument creators (a record's canonical constructor: every request
 * body, each of up to 1,000 described candidates) through a spreading method handle built once.
 * Jackson 3.1 calls them with {@code MethodHandle.invokeWithArguments}, which on Java 17 builds
 * that adapter again on every call: ~1 KB and a few method-type lookups per object, 11% of what a
 * request of 500 ids allocated (docs/benchmarks.md). Only public constructors of {@code
 * io.overdrive} types are taken; a constructor that throws is called again through Jackson's own
 * path, so every error and message is Jackson's.
 */
final class FastCreators extends ValueInstantiators.Base {
  private static final String OWN_PACKAGE = "io.overdrive.";

  static SimpleModule module() {
    return new SimpleModule("overdrive-creators") {
      @Override
      public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addValueInstantiators(new FastCreators());
      }
    };
  }

  @Override
  public ValueInstantiator modifyValueInstantiator(
      DeserializationConfig config,
      BeanDescription.Supplier beanDesc,
      ValueInstantiator defaultInstantiator) {
    MethodHandle spread = spreaderOf(defaultInstantiator);
    return spread == null ? defaultInstantiator : new Spread(defaultInstantiator, spread);
  }

  /** The creator as {@code (Object[]) -> Object}, or null when it is not one of ours to take. */
  static MethodHandle spreaderOf(ValueInstantiator instantiator) {
    if (!(instantiator instanceof StdValueInstantiator)
        || !instantiator.canCreateFromObjectWith()
        || !(instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
      return null;
    }
    Constructor<?> ctor = creator.getAnnotated();
    Class<?> type = ctor.getDeclaringClass();
    if (!type.getName().startsWith(OWN_PACKAGE)
        || !Modifier.isPublic(ctor.getModifiers())
        || !Modifier.isPublic(type.getModifiers())) {
      return null;
    }
    try {
      int n = ctor.getParameterCount();
      return MethodHandles.publicLookup()
          .unreflectConstructor(ctor)
          .asType(MethodType.genericMethodType(n))
          .asSpreader(Object[].class, n);
    } catch (IllegalAccessException | RuntimeException e) {
      return null; // e.g. a type this lookup cannot see: Jackson's own path works
    }
  }

  private static final class Spread extends ValueInstantiator.Delegating {
    private final MethodHandle spread;

    Spread(ValueInstantiator delegate, MethodHandle spread) {
      super(delegate);
      this.spread = spread;
    }

    @Override
    public ValueInstantiator createContextual(
        DeserializationContext ctxt, BeanDescription.Supplier beanDesc) {
      ValueInstantiator d = delegate().createContextual(ctxt, beanDesc);
      return d == delegate() ? this : new Spread(d, spread);
    }

    @Override
    public Object createFromObjectWith(
        DeserializationContext ctxt, SettableBeanProperty[] props, PropertyValueBuffer buffer) {
      return createFromObjectWith(ctxt, buffer.getParameters(ctxt, props));
    }

    @Override
    public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
      try {
        return (Object) spread.invokeExact(args);
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        return delegate().createFromObjectWith(ctxt, args); // throws as Jackson always did
      }
    }
  }
}
