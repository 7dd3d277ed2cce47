package io.overdrive.api.catalogue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * The API keeps an archive only standalone with {@code OVERDRIVE_ARCHIVE_DIR} set: with Kafka the
 * consumer keeps it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnExpression(
    "!'${overdrive.archive-dir:}'.isBlank() and '${overdrive.kafka-brokers:}'.isBlank()")
public @interface ConditionalOnArchive {}
