using Bosun;

return await BosunCommand.RunAsync(args);
