CREATE VIEW `legacy`
AS SELECT `t`.`k` FROM `db`.`t`;
