-- One database per node of docker-compose.yml.
CREATE DATABASE association;
CREATE DATABASE seoul;
CREATE DATABASE busan;
CREATE DATABASE unpaks;
