package dev.invitations.portalweb.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One page of a service's list: {@code {items, page, size, total}}, pages counted from 0. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ListPage<T>(List<T> items, int page, int size, long total) {

    public ListPage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
