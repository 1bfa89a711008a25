# stackctl Windows bootstrap body (PowerShell 5.1): the steps and contract of bootstrap.sh,
# documented in templates/README.md. One cfn-signal: SUCCESS, or FAILURE with a reason.

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12

function Get-Setting([string]$Name, [string]$Default = '') {
    $v = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($v)) { return $Default }
    return $v
}

$Log = Get-Setting 'STACKCTL_LOG' 'C:\ProgramData\stackctl\bootstrap.log'
$Imds = Get-Setting 'STACKCTL_IMDS_URL' 'http://169.254.169.254'
$Tentacle = 'C:\Program Files\Octopus Deploy\Tentacle\Tentacle.exe'
$CfnSignal = 'C:\Program Files\Amazon\cfn-bootstrap\cfn-signal.exe'
$script:Step = 'init'; $script:ExitCode = 1; $script:Token = ''; $script:ApiKey = ''; $script:Region = ''
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Log) | Out-Null

function Write-Log([string]$Message) {
    $line = '{0} stackctl-bootstrap [{1}] {2}' -f (Get-Date).ToUniversalTime().ToString('s'), $script:Step, $Message
    Write-Host $line
    Add-Content -Path $Log -Value $line
}

# Run a native command; throw with a short reason on a non-zero exit code.
function Invoke-Native([string]$What, [string]$Exe, [string[]]$Arguments) {
    $ErrorActionPreference = 'Continue'
    & $Exe @Arguments 2>&1 | ForEach-Object { Write-Log "$_" }
    if ($LASTEXITCODE -ne 0) { $script:ExitCode = $LASTEXITCODE; throw "$What failed (exit $LASTEXITCODE)" }
}

# CloudFormation's SignalResource carries no reason, so a failure is also
# written where stackctl reads it when the stack rolls back: the SSM
# parameter /stackctl/<stack>/bootstrap/<instance id>. Best effort.
function Send-Report([string]$Region, [string]$Reason) {
    $id = if ($script:InstanceId) { $script:InstanceId } else { $env:COMPUTERNAME }
    $name = "/stackctl/$($env:STACKCTL_STACK)/bootstrap/$id"
    if ($Reason.Length -gt 1000) { $Reason = $Reason.Substring(0, 1000) }
    try { Write-SSMParameter -Name $name -Type String -Value $Reason -Overwrite $true -Region $Region | Out-Null }
    catch { Write-Log 'could not report the failure to SSM' }
}

function Send-Signal([bool]$Success, [string]$Reason = '', [int]$Code = 1) {
    $region = if ($script:Region) { $script:Region } else { $env:STACKCTL_REGION }
    if ($Success) { $a = @('--success', 'true') }
    else {
        $a = @('--success', 'false', '--reason', $Reason, '-e', "$Code")
        Send-Report $region $Reason
    }
    $a += @('--stack', $env:STACKCTL_STACK, '--resource', $env:STACKCTL_RESOURCE, '--region', $region)
    Write-Log "cfn-signal $($a -join ' ')"
    $ErrorActionPreference = 'Continue'
    $out = & $CfnSignal @a 2>&1 | Out-String
    if ($LASTEXITCODE -eq 0) { Write-Log 'signal sent'; return $true }
    Write-Log $out
    if ($out -match 'cannot be signaled') { Write-Log 'no stack operation in progress: signal not needed'; return $true }
    Write-Log 'cfn-signal failed'
    return $false
}

# Run $Block until it returns a non-empty value; bounded attempts, $null when exhausted.
function Invoke-Retry([scriptblock]$Block, [int]$Attempts, [double]$Interval) {
    for ($i = 1; $i -le $Attempts; $i++) {
        try { $v = & $Block; if (-not [string]::IsNullOrEmpty("$v") -and "$v" -ne 'None') { return "$v" } } catch { }
        if ($i -lt $Attempts) { Start-Sleep -Milliseconds ([int]($Interval * 1000)) }
    }
    return $null
}

function Get-Imds([string]$Path) {
    Invoke-RestMethod -UseBasicParsing -TimeoutSec 5 -Uri "$Imds/latest/$Path" `
        -Headers @{ 'X-aws-ec2-metadata-token' = $script:Token }
}

function Get-Tag([string]$Key, [string]$InstanceId) {
    if ((Get-Setting 'STACKCTL_TAG_SOURCE' 'imds') -eq 'imds') { return Get-Imds "meta-data/tags/instance/$Key" }
    if (Get-Command Get-EC2Tag -ErrorAction SilentlyContinue) {
        return (Get-EC2Tag -Region $script:Region -Filter @(
                @{ Name = 'resource-id'; Values = $InstanceId }, @{ Name = 'key'; Values = $Key })).Value
    }
    & aws ec2 describe-tags --region $script:Region --filters "Name=resource-id,Values=$InstanceId" `
        "Name=key,Values=$Key" --query 'Tags[0].Value' --output text
}

function Invoke-Octopus([string]$Path, [string]$Method = 'Get', $Body = $null) {
    $p = @{ Uri = "$($env:STACKCTL_OCTOPUS_SERVER.TrimEnd('/'))/api/$Path"; Method = $Method
        Headers = @{ 'X-Octopus-ApiKey' = $script:ApiKey }; UseBasicParsing = $true; TimeoutSec = 60 }
    if ($Body) { $p.Body = ($Body | ConvertTo-Json -Compress); $p.ContentType = 'application/json' }
    Invoke-RestMethod @p
}

# Invoke-Tentacle COMMAND ARGS...: Tentacle.exe on the "Tentacle" instance.
function Invoke-Tentacle {
    Invoke-Native "Tentacle $($args[0])" $Tentacle (@($args) + @('--instance', 'Tentacle', '--console'))
}

function Get-OctopusId($Items, [string]$Name, [string]$What) {
    $id = ($Items | Where-Object { $_.Name -eq $Name } | Select-Object -First 1).Id
    if (-not $id) { throw "$What '$Name' not found" }
    return $id
}

function Install-Octopus([string]$InstanceId, [string]$Environment, [string]$Role) {
    if (-not $env:STACKCTL_OCTOPUS_SERVER) { throw 'STACKCTL_OCTOPUS_SERVER is empty' }
    if (-not (Test-Path $Tentacle)) {
        Write-Log 'installing Tentacle'
        $msi = Join-Path $env:TEMP 'Octopus.Tentacle.msi'
        Invoke-WebRequest -UseBasicParsing -Uri 'https://octopus.com/downloads/latest/WindowsX64/OctopusTentacle' -OutFile $msi
        $p = Start-Process msiexec.exe -ArgumentList '/i', "`"$msi`"", '/quiet', '/norestart' -Wait -PassThru
        if ($p.ExitCode -ne 0) { $script:ExitCode = $p.ExitCode; throw "msiexec exited $($p.ExitCode)" }
    }
    $script:Step = 'octopus-key'
    $name = $env:STACKCTL_OCTOPUS_API_KEY_PARAMETER
    if (Get-Command Get-SSMParameter -ErrorAction SilentlyContinue) {
        $script:ApiKey = (Get-SSMParameter -Name $name -WithDecryption $true -Region $script:Region).Value
    } else {
        $script:ApiKey = & aws ssm get-parameter --name $name --with-decryption --query Parameter.Value --output text --region $script:Region
        if ($LASTEXITCODE -ne 0) { throw "cannot read SSM parameter $name" }
    }
    if (-not $script:ApiKey) { throw "SSM parameter $name is empty" }

    $script:Step = 'octopus-register'
    Write-Log "registering $InstanceId (polling) with $env:STACKCTL_OCTOPUS_SERVER"
    Invoke-Tentacle 'create-instance' '--config' 'C:\Octopus\Tentacle.config'
    Invoke-Tentacle 'new-certificate' '--if-blank'
    Invoke-Tentacle 'configure' '--reset-trust' '--home' 'C:\Octopus' '--app' 'C:\Octopus\Applications' '--noListen' 'True'
    Invoke-Tentacle 'register-with' '--server' $env:STACKCTL_OCTOPUS_SERVER '--apiKey' $script:ApiKey `
        '--space' $env:STACKCTL_OCTOPUS_SPACE '--name' $InstanceId '--environment' $Environment '--role' $Role `
        '--policy' $env:STACKCTL_OCTOPUS_POLICY '--comms-style' 'TentacleActive' '--server-comms-port' '10943'
    Invoke-Tentacle 'service' '--install' '--start'
}

# Deploy the release current in $Environment to this machine only, and wait for it.
function Invoke-Release([string]$InstanceId, [string]$Environment) {
    $sid = Get-OctopusId (Invoke-Octopus 'spaces/all') $env:STACKCTL_OCTOPUS_SPACE 'space'
    $projId = Get-OctopusId (Invoke-Octopus "$sid/projects/all") $env:STACKCTL_OCTOPUS_PROJECT 'project'
    $envId = Get-OctopusId (Invoke-Octopus "$sid/environments/all") $Environment 'environment'
    $machId = Get-OctopusId (Invoke-Octopus "$sid/machines?partialName=$InstanceId").Items $InstanceId 'machine'
    $current = (Invoke-Octopus "$sid/dashboard/dynamic?projects=$projId&environments=$envId").Items |
        Where-Object { $_.IsCurrent } | Select-Object -First 1
    if (-not $current) { Write-Log "no current release of $env:STACKCTL_OCTOPUS_PROJECT in ${Environment}: nothing to deploy"; return }
    $dep = Invoke-Octopus "$sid/deployments" 'Post' @{ ReleaseId = $current.ReleaseId; EnvironmentId = $envId; SpecificMachineIds = @($machId) }
    Write-Log "deploying $($current.ReleaseId) to $machId ($($dep.TaskId))"
    $deadline = (Get-Date).AddSeconds([int](Get-Setting 'STACKCTL_RELEASE_TIMEOUT' '1800'))
    while ($true) {
        $task = Invoke-Octopus "tasks/$($dep.TaskId)"
        if ($task.IsCompleted) {
            if (-not $task.FinishedSuccessfully) { throw "deployment $($dep.TaskId) $($task.State)" }
            Write-Log "deployment $($dep.TaskId) succeeded"
            return
        }
        if ((Get-Date) -gt $deadline) { throw "deployment $($dep.TaskId) timed out" }
        Start-Sleep -Seconds 10
    }
}

try {
    $script:Step = 'metadata'
    Write-Log "starting: stack=$env:STACKCTL_STACK resource=$env:STACKCTL_RESOURCE agent=$env:STACKCTL_AGENT"
    $attempts = [int](Get-Setting 'STACKCTL_IMDS_ATTEMPTS' '5')
    $interval = [double](Get-Setting 'STACKCTL_IMDS_INTERVAL' '1')
    $script:Token = Invoke-Retry { Invoke-RestMethod -UseBasicParsing -TimeoutSec 5 -Method Put -Uri "$Imds/latest/api/token" `
            -Headers @{ 'X-aws-ec2-metadata-token-ttl-seconds' = '21600' } } $attempts $interval
    if (-not $script:Token) { throw "no IMDSv2 token from $Imds" }
    $instanceId = Invoke-Retry { Get-Imds 'meta-data/instance-id' } $attempts $interval
    $script:InstanceId = $instanceId
    if (-not $instanceId) { throw 'cannot read instance-id' }
    $script:Region = Invoke-Retry { Get-Imds 'meta-data/placement/region' } $attempts $interval
    if (-not $script:Region) { $script:Region = $env:STACKCTL_REGION }
    if (-not $script:Region) { throw 'region unknown' }
    Write-Log "instance $instanceId in $script:Region"

    $script:Step = 'tags'
    $source = Get-Setting 'STACKCTL_TAG_SOURCE' 'imds'
    if ($source -notin @('imds', 'api')) { throw "unknown tag source '$source'" }
    $tagAttempts = [int](Get-Setting 'STACKCTL_TAG_ATTEMPTS' '30')
    $tagInterval = [double](Get-Setting 'STACKCTL_TAG_INTERVAL' '5')
    $environment = Invoke-Retry { Get-Tag 'Environment' $instanceId } $tagAttempts $tagInterval
    $role = Invoke-Retry { Get-Tag 'Role' $instanceId } $tagAttempts $tagInterval
    if (-not $environment -or -not $role) { throw "Environment/Role tags not found via $source after $tagAttempts attempts" }
    Write-Log "Environment=$environment Role=$role"

    if ($env:STACKCTL_APP_PORT) {
        $script:Step = 'firewall'
        New-NetFirewallRule -DisplayName "stackctl app $env:STACKCTL_APP_PORT" -Direction Inbound -Protocol TCP `
            -LocalPort $env:STACKCTL_APP_PORT -Action Allow | Out-Null
    }

    $script:Step = 'agent'
    switch (Get-Setting 'STACKCTL_AGENT' 'none') {
        'none' { Write-Log 'no agent' }
        'script' {
            $f = Get-Setting 'STACKCTL_AGENT_SCRIPT' 'C:\ProgramData\stackctl\agent.ps1'
            if (-not (Test-Path $f)) { throw "agent script $f not found" }
            $env:ENVIRONMENT = $environment; $env:ROLE = $role; $env:INSTANCE_ID = $instanceId
            $env:REGION = $script:Region; $env:APP_PORT = $env:STACKCTL_APP_PORT
            Write-Log "running $f"
            if ($f -like '*.ps1') { Invoke-Native "agent script $f" 'powershell.exe' @('-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $f) }
            else { Invoke-Native "agent script $f" $f @() }
        }
        'octopus' {
            $script:Step = 'octopus-install'
            Install-Octopus $instanceId $environment $role
            if ((Get-Setting 'STACKCTL_RELEASE' 'false') -eq 'true') {
                $script:Step = 'release'
                Invoke-Release $instanceId $environment
            }
        }
        default { throw "unknown agent '$env:STACKCTL_AGENT'" }
    }
    $script:ApiKey = ''

    $script:Step = 'signal'
    Write-Log 'bootstrap complete'
    if (-not (Send-Signal $true)) { exit 1 }
    exit 0
} catch {
    $script:ApiKey = ''
    $why = ("$($_.Exception.Message)" -split "`r?`n")[0] -replace '"', "'"
    if ($why.Length -gt 200) { $why = $why.Substring(0, 200) }
    $code = if ($script:ExitCode -ne 0) { $script:ExitCode } else { 1 }
    Write-Log "FAILED: $why (exit $code)"
    Send-Signal $false "$($script:Step): $why" $code | Out-Null
    exit $code
}
