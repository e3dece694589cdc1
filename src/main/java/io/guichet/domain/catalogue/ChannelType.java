package io.guichet.domain.catalogue;

/** The population a sales channel serves (seed: type de filière). */
public enum ChannelType {
  /** Individuals buying for themselves (B2C). */
  PUBLIC,
  /** Companies: options, deferred account, distribution to employees (B2B). */
  COMPANY,
  /** Agencies reselling to third parties within their quotas. */
  AGENCY,
  /** Producers: reports only, no sales. */
  PRODUCER
}
