"""The API's endpoints, one module per area. Views stay thin: rules come from ``eendak.authz``,
reads of persons from ``eendak.persons.services``, writes from the services of each app."""
